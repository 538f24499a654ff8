import { randomBytes } from 'node:crypto';
import type { PersonRead, ServiceStats } from '@cachetoggle/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceHostProcess } from './checker/service-host-process';
import { SharedServers } from './checker/shared-servers';
import { passesWithin, readsAs } from './host-reads';

let servers: SharedServers;

beforeAll(async () => {
  servers = await SharedServers.start();
});

afterAll(async () => {
  await servers?.close();
});

const freshId = () => `nc-${randomBytes(6).toString('hex')}`;

// The promised bound: one outbox poll (250 ms) plus one outbox read, with room for a loaded
// machine. The near cache's own TTL is set far above it, so only the outbox can meet it.
const BOUND_MS = 1_000;
const WRITES = 50;
const nearCached = { service: { nearCache: { ttlMs: 60_000 } } };

async function nearHits(host: ServiceHostProcess): Promise<number> {
  return (await host.call<ServiceStats>('stats')).nearHits;
}

// Reads `id` through `host` until its near cache answers (the first reads may race the outbox
// row of the person's creation, which drops it once).
async function inNearCache(host: ServiceHostProcess, id: string): Promise<void> {
  await passesWithin(BOUND_MS * 2, async () => {
    const before = await nearHits(host);
    await host.call<PersonRead>('get', id);
    return (await nearHits(host)) > before;
  });
}

// How long after `write` resolved `reader` first serves `firstName` for `id`.
async function lagOf(
  reader: ServiceHostProcess,
  id: string,
  firstName: string,
  write: () => Promise<unknown>,
): Promise<number> {
  await inNearCache(reader, id);
  await write();
  return passesWithin(
    BOUND_MS * 3,
    async () => (await readsAs(reader, id))?.firstName === firstName,
  );
}

function summary(lags: readonly number[]): string {
  const sorted = [...lags].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.floor(q * (sorted.length - 1))] ?? 0);
  return `median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms over ${lags.length} writes`;
}

describe('near caches in two processes over one database and memcached', () => {
  it('a write acknowledged by A stops being served by B within the bound', async () => {
    const [a, b] = await Promise.all([servers.host(nearCached), servers.host(nearCached)]);
    const id = freshId();
    await servers.db.create({ id, firstName: 'v0', lastName: 'Row' });
    const lags: number[] = [];
    for (let i = 1; i <= WRITES; i++) {
      const firstName = `v${i}`;
      lags.push(await lagOf(b, id, firstName, () => a.call('update', id, { firstName })));
    }
    console.log(`near cache, write through another process: ${summary(lags)}`);
    expect(Math.max(...lags)).toBeLessThanOrEqual(BOUND_MS);
  }, 120_000);

  it('a writer that crashed after its commit (its outbox row only) is not served for longer', async () => {
    const reader = await servers.host(nearCached);
    const id = freshId();
    await servers.db.create({ id, firstName: 'v0', lastName: 'Row' });
    const lags: number[] = [];
    for (let i = 1; i <= WRITES; i++) {
      const firstName = `v${i}`;
      // Committed with its outbox row, and neither the cache nor any near cache told.
      lags.push(await lagOf(reader, id, firstName, () => servers.db.update(id, { firstName })));
    }
    console.log(`near cache, crashed writer: ${summary(lags)}`);
    expect(Math.max(...lags)).toBeLessThanOrEqual(BOUND_MS);
  }, 120_000);
});
