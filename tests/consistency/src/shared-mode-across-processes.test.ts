import type { ModeStatus, ServiceMode } from '@cachetoggle/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceHostProcess } from './checker/service-host-process';
import { SharedServers } from './checker/shared-servers';
import { startTcpProxy, type TcpProxy } from './faults/tcp-proxy';

// Processes on one database follow one mode row. The default poll interval is used, so the
// bound measured is the one a fleet gets out of the box.
const FOLLOW_BOUND_MS = 1000;

let servers: SharedServers;
let a: ServiceHostProcess;
let b: ServiceHostProcess;

beforeAll(async () => {
  servers = await SharedServers.start();
  [a, b] = await Promise.all([
    servers.host({ sharedMode: true }),
    servers.host({ sharedMode: true }),
  ]);
});

afterAll(async () => {
  await servers?.close();
});

const modeOf = (host: ServiceHostProcess) => host.call<ServiceMode>('mode');
const statusOf = (host: ServiceHostProcess) => host.call<ModeStatus>('refreshMode');

/** Switches through `from` and resolves with how long `to` took to follow. */
async function followTime(from: ServiceHostProcess, to: ServiceHostProcess, useDb: boolean) {
  await from.call('setMode', { useDb });
  const switched = performance.now();
  await expect.poll(() => modeOf(to), { timeout: 5_000, interval: 10 }).toEqual({ useDb });
  return performance.now() - switched;
}

describe('one mode for the processes on one database', () => {
  it('a switch through one process is followed by the other within 1 s, both ways', async () => {
    const times = [
      await followTime(a, b, true),
      await followTime(b, a, false),
      await followTime(a, b, true),
      await followTime(a, b, false),
    ];
    expect(Math.max(...times), `follow times ${times.map(Math.round).join(', ')} ms`).toBeLessThan(
      FOLLOW_BOUND_MS,
    );
  });

  it('a process started after a switch starts in the shared mode, not its own option', async () => {
    await a.call('setMode', { useDb: true });
    const started = await servers.host({ sharedMode: true, service: { useDb: false } });
    try {
      await expect(modeOf(started)).resolves.toEqual({ useDb: true });
      await expect(statusOf(started)).resolves.toMatchObject({ useDb: true, source: 'shared' });
      // Following the row must not keep the process alive once its service is closed.
      await expect(started.close()).resolves.toEqual({ exitedByItself: true });
    } finally {
      started.kill();
      await a.call('setMode', { useDb: false });
    }
  });

  it('a process that cannot reach the database keeps its last known mode and says so', async () => {
    const target = new URL(servers.databaseUrl);
    const proxy: TcpProxy = await startTcpProxy({
      target: { host: target.hostname, port: Number(target.port || 3306) },
    });
    const throughProxy = new URL(servers.databaseUrl);
    throughProxy.hostname = '127.0.0.1';
    throughProxy.port = String(proxy.port);
    const cut = await servers.host({ sharedMode: true, databaseUrl: throughProxy.toString() });
    try {
      await a.call('setMode', { useDb: true });
      await expect
        .poll(() => modeOf(cut), { timeout: 5_000, interval: 10 })
        .toEqual({ useDb: true });
      await proxy.setMode('refuse');
      await a.call('setMode', { useDb: false });
      const status = await statusOf(cut);
      expect(status).toMatchObject({ useDb: true, source: 'last-known' });
      expect(status.unreadableSince).toEqual(expect.any(Number));
      await expect(modeOf(cut)).resolves.toEqual({ useDb: true });
      await proxy.setMode('pass');
      await expect(statusOf(cut)).resolves.toMatchObject({
        useDb: false,
        source: 'shared',
        unreadableSince: undefined,
      });
    } finally {
      await cut.close();
      await proxy.close();
    }
  });
});
