import { once } from 'node:events';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startMemcachedFleet } from './memcached-fleet';
import { openMemcachedProbe } from './memcached-probe';

/** Stores `value` under `key` on the server at `port` with a raw meta `ms`. */
async function metaSet(port: number, key: string, value: string): Promise<void> {
  const socket = connect({ port, host: '127.0.0.1' });
  await once(socket, 'connect');
  socket.write(`ms ${key} ${Buffer.byteLength(value)} T60\r\n${value}\r\n`);
  const [answer] = await once(socket, 'data');
  socket.destroy();
  expect(String(answer)).toBe('HD\r\n');
}

describe('startMemcachedFleet', () => {
  it('starts servers on distinct ports that each hold their own items, and a probe reads one server', async () => {
    const fleet = await startMemcachedFleet(3);
    const probes = await Promise.all(fleet.members.map((m) => openMemcachedProbe(m.port)));
    try {
      expect(fleet.servers.split(',')).toEqual(fleet.members.map((m) => m.servers));
      expect(new Set(fleet.members.map((m) => m.port)).size).toBe(3);
      const [first, second] = fleet.members;
      const [probeFirst, probeSecond] = probes;
      await metaSet(first?.port ?? 0, 'fleet-key', 'a\r\nvalue');
      expect(await probeFirst?.metaGet('fleet-key')).toMatchObject({
        kind: 'present',
        value: Buffer.from('a\r\nvalue'),
      });
      expect(await probeSecond?.metaGet('fleet-key')).toEqual({ kind: 'absent' });

      await second?.pause();
      await expect(probeSecond?.metaGet('fleet-key', 200)).rejects.toThrow('did not answer');
      second?.resume();
      await first?.kill();
      expect(fleet.members.map((m) => m.running)).toEqual([false, true, true]);
      // The connection is gone (the request on it fails, or finds it closed and reconnects).
      await expect(probeFirst?.metaGet('fleet-key')).rejects.toThrow(
        /closed the connection|ECONNREFUSED/,
      );
      await expect(probeFirst?.metaGet('fleet-key')).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
      // Started again, empty: the probe connects afresh.
      await first?.start();
      expect(await probeFirst?.metaGet('fleet-key')).toEqual({ kind: 'absent' });
    } finally {
      for (const probe of probes) probe.close();
      await fleet.stop();
    }
    expect(fleet.members.every((m) => !m.running)).toBe(true);
  });

  it('refuses a count that is not a whole number from 1', async () => {
    await expect(startMemcachedFleet(0)).rejects.toThrow(RangeError);
    await expect(startMemcachedFleet(1.5)).rejects.toThrow(RangeError);
  });
});
