import type { Socket } from 'node:net';
import { type MemcachedProcess, startMemcached } from '@cachetoggle/testing/memcached';
import type memjs from 'memjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemjs } from './raw-clients';
import { openTickBatchedMemjs } from './tick-batched-memjs';

let memcached: MemcachedProcess;

beforeAll(async () => {
  memcached = await startMemcached();
});
afterAll(async () => {
  await memcached.stop();
});

/** Counts the socket-level writes of 64 gets issued in one tick, and checks every answer. */
async function writesOfOneTick(client: memjs.Client): Promise<number> {
  await client.set('tb:k', 'v', { expires: 60 });
  const socket = (client as unknown as { servers: { _socket: Socket }[] }).servers[0]?._socket;
  if (socket === undefined) throw new Error('not connected');
  const internals = socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => void>;
  let writes = 0;
  for (const method of ['_write', '_writev'] as const) {
    const original = internals[method].bind(socket);
    internals[method] = (...args) => {
      writes++;
      original(...args);
    };
  }
  const values = await Promise.all(Array.from({ length: 64 }, () => client.get('tb:k')));
  expect(values.map((v) => v.value?.toString())).toEqual(Array(64).fill('v'));
  client.close();
  return writes;
}

describe('openTickBatchedMemjs', () => {
  it('sends the requests of one tick in one socket write, where plain memjs writes each', async () => {
    expect(await writesOfOneTick(openTickBatchedMemjs(memcached.servers))).toBe(1);
    expect(await writesOfOneTick(openMemjs(memcached.servers))).toBeGreaterThan(32);
  });
});
