import { connect } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { startMemcached } from './start-memcached';

function version(port: number, timeoutMs = 500): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('timeout'));
    }, timeoutMs);
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.once('data', (data) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(data.toString().trim());
    });
    socket.write('version\r\n');
  });
}

describe('startMemcached', () => {
  it('starts a server that answers, and kill/start/pause/resume act on that process only', async () => {
    const server = await startMemcached();
    try {
      expect(await version(server.port)).toMatch(/^VERSION 1\./);
      await server.kill();
      expect(server.running).toBe(false);
      await expect(version(server.port)).rejects.toThrow();
      await server.start();
      expect(await version(server.port)).toMatch(/^VERSION/);
      await server.pause();
      await expect(version(server.port, 200)).rejects.toThrow('timeout');
      server.resume();
      expect(await version(server.port)).toMatch(/^VERSION/);
    } finally {
      await server.stop();
    }
  });

  it('the global setup provides a server and a namespace of this run', async () => {
    const [, port] = inject('memcacheServers').split(':');
    expect(await version(Number(port))).toMatch(/^VERSION/);
    expect(inject('memcacheNamespace')).toMatch(/^ct-test-[a-z0-9]+-[0-9a-f]{8}$/);
  });
});
