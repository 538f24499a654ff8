// What the memcached global setup (listed in vitest.config.ts) provides to this run; the same
// augmentation as its own, declared here because that file is not imported by the tests.
declare module 'vitest' {
  export interface ProvidedContext {
    memcacheServers: string;
    memcacheNamespace: string;
  }
}

export {};
