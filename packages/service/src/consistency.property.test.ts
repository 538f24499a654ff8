import { NotFoundError, type Person } from '@cachetoggle/model';
import {
  ChaosPersonCache,
  ChaosPersonDb,
  FakePersonCache,
  type FakePersonCacheOptions,
  FakePersonDb,
} from '@cachetoggle/testing/fakes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CacheAsidePersonService } from './cache-aside-person-service';

const IDS = ['a', 'b', 'c'] as const;
const SERVERS = ['s1', 's2', 's3'] as const;

// Every way the service can read the cache. A refresh window longer than the TTL hands out a
// refresh on the first read of every entry, so refreshes race the writes too.
const CACHES: readonly { name: string; options: FakePersonCacheOptions }[] = [
  { name: 'add/gets/cas', options: {} },
  { name: 'read-or-lease', options: { readOrLease: true } },
  {
    name: 'read-or-lease, refreshing, three servers',
    options: { readOrLease: true, refreshWindowMs: 3_600_000, servers: SERVERS },
  },
];
const person = (id: string): Person => ({ id, firstName: 'F', lastName: 'L', version: 1 });

/** `inner`, with the start of every call (but the synchronous `serverOf`) held until the scheduler picks it. */
function scheduled<T extends object>(s: fc.Scheduler, inner: T, label: string): T {
  return new Proxy(inner, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof value !== 'function' || prop === 'serverOf') return value;
      return (...args: unknown[]) =>
        s
          .schedule(Promise.resolve(), `${label}.${String(prop)}(${String(args[0])})`)
          .then(() => value.apply(target, args));
    },
  });
}

/** What a read returned: the version, or 0 for "not found". */
async function versionOf(read: Promise<{ person: Person }>): Promise<number> {
  try {
    return (await read).person.version;
  } catch (error) {
    if (error instanceof NotFoundError) return 0;
    throw error;
  }
}

// Ops run in four lanes (two per process); a lane runs its ops one after the other, so a read
// can start right after a write completed while other lanes' calls are still in flight.
const concurrentOp = fc.record({
  kind: fc.constantFrom('get', 'dbGet', 'getMany', 'update', 'update'),
  id: fc.constantFrom(...IDS),
  lane: fc.constantFrom(0, 1, 2, 3),
});

describe.each(CACHES)('consistency properties ($name)', ({ options }) => {
  it('two processes, any interleaving: no read older than a completed write, no stale value left', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(concurrentOp, { minLength: 1, maxLength: 12 }),
        async (s, ops) => {
          const db = new FakePersonDb(IDS.map(person));
          const cache = new FakePersonCache(options);
          const services = [0, 1].map(
            () =>
              new CacheAsidePersonService({
                db: scheduled(s, db, 'db'),
                cache: scheduled(s, cache, 'cache'),
                cacheTimeoutMs: 60_000,
                leaseWait: { maxWaitMs: 0 },
              }),
          );
          // The version each id is known to have reached: a write to it has completed.
          const floor = new Map<string, number>(IDS.map((id) => [id, 1]));
          const runOp = async (op: (typeof ops)[number], i: number) => {
            await s.schedule(Promise.resolve(), `start ${i}: ${op.kind} ${op.id}`);
            const service = services[op.lane % 2] as CacheAsidePersonService;
            const least = floor.get(op.id) ?? 1;
            if (op.kind === 'get' || op.kind === 'dbGet') {
              const read = service.get(op.id, { useDb: op.kind === 'dbGet' });
              expect(await versionOf(read)).toBeGreaterThanOrEqual(least);
            } else if (op.kind === 'getMany') {
              const least = new Map(floor);
              for (const read of (await service.getMany([...IDS])).people) {
                expect(read.person.version).toBeGreaterThanOrEqual(least.get(read.person.id) ?? 1);
              }
            } else {
              const updated = await service.update(op.id, { firstName: `w${i}` });
              floor.set(op.id, Math.max(floor.get(op.id) ?? 1, updated.version));
            }
          };
          const run = [0, 1, 2, 3].map(async (lane) => {
            for (const [i, op] of ops.entries()) if (op.lane === lane) await runOp(op, i);
          });
          await s.waitFor(Promise.all(run));
          // Background refreshes may still be on their way: let them land before looking.
          await s.waitAll();
          for (const id of IDS) {
            const cached = cache.peek(id);
            if (cached.kind !== 'miss')
              expect(cached).toEqual({ kind: 'person', person: db.peek(id) });
          }
          await Promise.all(services.map((service) => service.close()));
        },
      ),
      { numRuns: 300 },
    );
  });

  const sequentialOp = fc.oneof(
    fc.record({ kind: fc.constant('get' as const), id: fc.constantFrom(...IDS) }),
    fc.record({ kind: fc.constant('getMany' as const) }),
    fc.record({ kind: fc.constant('update' as const), id: fc.constantFrom(...IDS) }),
    fc.record({ kind: fc.constant('delete' as const), id: fc.constantFrom(...IDS) }),
    fc.record({ kind: fc.constant('create' as const), id: fc.constantFrom(...IDS) }),
    fc.record({ kind: fc.constant('setMode' as const), useDb: fc.boolean() }),
    fc.record({
      kind: fc.constant('cacheFails' as const),
      fails: fc.boolean(),
      server: fc.constantFrom(undefined, ...SERVERS),
    }),
    fc.record({ kind: fc.constant('corrupt' as const), id: fc.constantFrom(...IDS) }),
  );

  it('one caller, any cache faults: every read returns what the DB holds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(sequentialOp, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        async (ops, failureThreshold) => {
          const db = new FakePersonDb(IDS.map(person));
          const fakeCache = new FakePersonCache(options);
          const cache = new ChaosPersonCache(fakeCache);
          const service = new CacheAsidePersonService({
            db: new ChaosPersonDb(db),
            cache,
            breaker: { failureThreshold, cooldownMs: 1 },
          });
          const truth = (id: string) => db.peek(id)?.version ?? 0;
          for (const op of ops) {
            switch (op.kind) {
              case 'get':
                expect(await versionOf(service.get(op.id))).toBe(truth(op.id));
                break;
              case 'getMany': {
                const read = await service.getMany([...IDS]);
                for (const id of IDS) {
                  const found = read.people.find((p) => p.person.id === id);
                  expect(found?.person ?? 0, id).toEqual(db.peek(id) ?? 0);
                }
                break;
              }
              case 'update':
                if (db.peek(op.id)) await service.update(op.id, { lastName: 'U' });
                break;
              case 'delete':
                if (db.peek(op.id)) await service.delete(op.id);
                break;
              case 'create':
                if (!db.peek(op.id))
                  await service.create({ id: op.id, firstName: 'N', lastName: 'C' });
                break;
              case 'setMode':
                service.setMode({ useDb: op.useDb });
                break;
              case 'cacheFails':
                if (op.fails) cache.fail(op.server ? { servers: [op.server] } : {});
                else cache.heal();
                break;
              case 'corrupt':
                fakeCache.plant(op.id, 'ct1:P:9999999999999:{broken');
                break;
            }
          }
          await service.close();
        },
      ),
      { numRuns: 200 },
    );
  });
});
