import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { type MemcachedProcess, startMemcached } from './start-memcached';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `host:port[,host:port]` of the memcached this run may use. */
    memcacheServers: string;
    /** A key namespace no other run uses. */
    memcacheNamespace: string;
  }
}

/**
 * vitest globalSetup: a private memcached per run (or the server named by
 * CACHETOGGLE_TEST_MEMCACHE_SERVERS / MEMCACHE_SERVERS), and a namespace of its own either way.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.CACHETOGGLE_TEST_MEMCACHE_SERVERS || process.env.MEMCACHE_SERVERS;
  let server: MemcachedProcess | undefined;
  if (!given) server = await startMemcached();
  project.provide('memcacheServers', given || (server as MemcachedProcess).servers);
  project.provide(
    'memcacheNamespace',
    `ct-test-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`,
  );
  return async () => {
    await server?.stop();
  };
}
