import { once } from 'node:events';
import { UnavailableError } from '@cachetoggle/model';
import { KeyvMemcache } from '@keyv/memcache';
import memjs from 'memjs';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { keyRequest, Opcode } from './memcache-binary-protocol';
import { MemcachePersonCache } from './memcache-person-cache';
import { MemcacheTransport } from './memcache-transport';
import { type MemjsServer, memjsInternals } from './memjs-internals';
import { repairMemjsServer } from './memjs-repair';

// Bugs of memjs 1.3.2's connection handling, each shown on a plain client (so we notice when a
// release fixes it) and then on a repaired one.

const servers = inject('memcacheServers');
const namespace = inject('memcacheNamespace');
const options = { retries: 1, timeout: 0.25, conntimeout: 0.25, logger: { log: () => {} } };
const cleanups: (() => void)[] = [];
const HANG_MS = 750; // three times the timeout: a request that memjs still times out is no hang

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function client(repaired: boolean): { client: memjs.Client; server: MemjsServer } {
  const created = memjs.Client.create(servers, options);
  const server = memjsInternals(created).servers[0];
  if (!server) throw new Error('no server');
  if (repaired) repairMemjsServer(server);
  cleanups.push(() => server.error(new Error('test over')));
  return { client: created, server };
}

/** Settles as `promise` does, or with 'hang' after `HANG_MS` (a hang is what is under test). */
function orHang<T>(promise: Promise<T>): Promise<T | 'hang'> {
  return Promise.race([
    promise,
    new Promise<'hang'>((resolve) => setTimeout(() => resolve('hang'), HANG_MS)),
  ]);
}

describe('memjs 1.3.2 connection bugs and their repair', () => {
  it('requests on a connection the server closes (here: after an over-long key) hang; repaired they fail at once', async () => {
    const plain = client(false).client;
    await plain.set(`${namespace}-k`, 'v');
    const tooLong = plain.get('x'.repeat(251)).catch((e: unknown) => e);
    const behind = plain.get(`${namespace}-k`).catch((e: unknown) => e);
    expect(await orHang(Promise.all([tooLong, behind]))).toBe('hang');

    const repaired = client(true).client;
    await repaired.set(`${namespace}-k`, 'v');
    const started = Date.now();
    const results = await Promise.all([
      repaired.get('x'.repeat(251)).catch((e: unknown) => e),
      repaired.get(`${namespace}-k`).catch((e: unknown) => e),
    ]);
    expect(results.every((r) => r instanceof Error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(HANG_MS);
    expect((await repaired.get(`${namespace}-k`)).value?.toString()).toBe('v');
  });

  it('the close of a failed socket orphans (and loses the request of) the socket that replaced it; repaired keeps both', async () => {
    for (const repaired of [false, true]) {
      const { client: c, server } = client(repaired);
      await c.get(`${namespace}-warm`);
      const failed = server._socket;
      if (!failed) throw new Error('not connected');
      server.error(new Error('as after a timeout'));
      const retry = c.get(`${namespace}-retry`);
      const replacement = server._socket;
      await once(failed, 'close');
      if (repaired) {
        expect((await retry).value).toBeNull();
        expect(server._socket).toBe(replacement);
      } else {
        // memjs lost track of the live socket: the retry is never sent, close() cannot reach it.
        expect(await orHang(retry)).toBe('hang');
        expect(server._socket).toBeUndefined();
        c.close();
        expect(replacement?.writableEnded).toBe(false);
        replacement?.destroy();
      }
    }
  });

  it('the request counter turns negative after 2^31 requests and memjs cannot encode it; ours can', async () => {
    const plain = client(false).client;
    memjsInternals(plain).seq = 2 ** 31 - 1;
    await expect(plain.get(`${namespace}-seq`)).rejects.toThrow(RangeError);

    const store = new KeyvMemcache(servers, options);
    cleanups.push(() => store.client.close());
    memjsInternals(store.client).seq = 2 ** 31 - 3;
    const cache = new MemcachePersonCache({ store, namespace });
    for (let i = 0; i < 6; i++) {
      await cache.set(`seq-${i}`, { kind: 'tombstone' }, 60_000);
      expect(await cache.get(`seq-${i}`)).toEqual({ kind: 'tombstone' });
    }
    expect(memjsInternals(store.client).seq).toBeLessThan(0);
  });

  it('the watchdog fails a request memjs lost, within one and a half timeouts', async () => {
    const { client: c, server } = client(true);
    const transport = new MemcacheTransport(c, { timeoutMs: 100, ownsClient: true });
    cleanups.push(() => transport.close());
    server.write = () => {}; // the request is lost: memjs never starts its timer
    const started = Date.now();
    const lost = transport.perform('k', keyRequest(Opcode.get, 'k'), () => 'answered');
    await expect(lost).rejects.toBeInstanceOf(UnavailableError);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(400);
  });
});
