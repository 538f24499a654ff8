import { Memcache } from 'memcache';
import type { BenchContext } from '../bench-context';
import type { CachetoggleStack } from '../cachetoggle';
import { forEachConcurrently } from '../concurrently';
import { type Contender, compare, throughputRatio } from '../harness';
import { MetaMultiGetClient } from '../meta-multiget-client';
import { openKeyv, PEER_TTL_MS } from '../peers';
import { baselineKey, cachedValueOf, personJsonOf } from '../raw-clients';

/** Ids per batch. */
export const BATCH = 100;
/** The baseline of every getMany comparison. */
export const SEQUENTIAL = '100 sequential cachetoggle gets';
/** cachetoggle's batch read. */
export const GET_MANY = 'cachetoggle getMany(100)';
const KEYV_GET_MANY = 'keyv getMany(100) (@keyv/memcache)';
const MEMCACHE_GETS = 'memcache gets(100) + JSON.parse (one ASCII get)';
const META_PIPELINE = 'hand-written meta mg pipeline(100) + JSON.parse';

/** Reads `ids` one after the other, as code without a batch read would. */
export async function sequentialGets(
  stack: CachetoggleStack,
  ids: readonly string[],
): Promise<void> {
  for (const id of ids) await stack.service.get(id);
}

/** Parses every person of a raw multi-get, which must have found the whole batch. */
function parseBatch(found: Map<string, string>): unknown[] {
  if (found.size !== BATCH) throw new Error(`raw multi-get found ${found.size} of ${BATCH}`);
  const people: unknown[] = [];
  for (const value of found.values()) people.push(JSON.parse(personJsonOf(value)));
  return people;
}

/**
 * Warm batches: `getMany` against 100 sequential `get`s, against keyv's `getMany` on
 * `@keyv/memcache` (100 gets, pipelined), and against the raw one-request multi-gets: the
 * `memcache` package's `gets` (one ASCII `get k1 … k100`: the headline, a real client) and
 * hand-written pipelined meta gets (`mg … q` per key and `mn`, one write, one server, no check
 * of any value: a floor, reported on its own). The raw ones read the bytes cachetoggle stores,
 * under keys of their own, and parse each person's JSON.
 */
export async function runGetManyWarm(ctx: BenchContext): Promise<void> {
  const { env, scale, report } = ctx;
  const people = env.people.slice(0, scale.hotPeople);
  if (people.length < BATCH) throw new Error(`getMany case needs at least ${BATCH} hot people`);
  const batches = Array.from({ length: Math.floor(people.length / BATCH) }, (_, k) =>
    people.slice(k * BATCH, (k + 1) * BATCH).map((p) => p.id),
  );
  const batchAt = (seq: number) => batches[seq % batches.length] as string[];
  const rawNamespace = env.freshNamespace('many-raw');
  const rawBatches = batches.map((batch) => batch.map((id) => baselineKey(rawNamespace, id)));
  const rawBatchAt = (seq: number) => rawBatches[seq % rawBatches.length] as string[];
  const stack = ctx.openService('many-warm');
  const keyv = openKeyv(env.servers, env.freshNamespace('many-keyv'));
  // The package's `timeout` is also its sockets' idle timeout: long enough that the connection
  // outlives the other contenders' rounds and no timed round pays for a reconnect.
  const memcache = new Memcache({ nodes: env.servers.split(','), timeout: 60_000 });
  // One server: the multi-get of a batch is one request, the strongest case for the baseline.
  const meta = await MetaMultiGetClient.connect(env.servers.split(',')[0] as string);
  try {
    // Connected before the concurrent seeding: memcache 1.10 opens one socket per concurrent
    // first call, and when an orphaned one idles out it closes the node's state under the live
    // one (a batch then comes back empty, later calls hang).
    await memcache.connect();
    await forEachConcurrently(people, 32, async (person) => {
      const key = baselineKey(rawNamespace, person.id);
      const value = cachedValueOf(person, PEER_TTL_MS);
      await stack.service.get(person.id);
      await keyv.client.set(person.id, person);
      await memcache.set(key, value, PEER_TTL_MS / 1000);
      await meta.set(key, value, PEER_TTL_MS / 1000);
    });
    const contenders: Contender[] = [
      { name: SEQUENTIAL, prepare: () => (seq) => sequentialGets(stack, batchAt(seq)) },
      { name: GET_MANY, prepare: () => (seq) => stack.service.getMany(batchAt(seq)) },
      { name: KEYV_GET_MANY, prepare: () => (seq) => keyv.client.getMany(batchAt(seq)) },
      {
        name: MEMCACHE_GETS,
        prepare: () => async (seq) => parseBatch(await memcache.gets(rawBatchAt(seq))),
      },
      {
        name: META_PIPELINE,
        prepare: () => async (seq) => parseBatch(await meta.getMany(rawBatchAt(seq))),
      },
    ];
    for (const inflight of [1, 64] as const) {
      const measured = await compare(ctx.plan(inflight), contenders);
      report.addComparison(
        'getMany(100), warm',
        `Batches of 100 cached people. Baseline: the same 100 ids read with sequential \`get\`s. The raw multi-gets read the bytes cachetoggle stores, under keys of their own, and parse each person's JSON: \`getmany100_vs_raw_multiget_*\` is against the \`memcache\` package's \`gets\` (a real client: one ASCII \`get k1 … k100\`), \`getmany100_vs_bare_pipeline_*\` against hand-written pipelined meta gets that check no value (a floor, for information).`,
        SEQUENTIAL,
        measured,
      );
      const suffix = inflight === 64 ? '' : `_${inflight}`;
      report.addRatio(
        `getmany100_vs_keyv_getmany${suffix}`,
        throughputRatio(measured, GET_MANY, KEYV_GET_MANY),
      );
      // The headline is against a real client; the bare pipeline checks no value and handles
      // no failure, so it is a floor to watch, not a competitor.
      report.addRatio(
        `getmany100_vs_raw_multiget_${inflight}`,
        throughputRatio(measured, GET_MANY, MEMCACHE_GETS),
      );
      report.addRatio(
        `getmany100_vs_bare_pipeline_${inflight}`,
        throughputRatio(measured, GET_MANY, META_PIPELINE),
      );
      report.addRatio(
        `getmany100_warm_vs_sequential_${inflight}`,
        throughputRatio(measured, GET_MANY, SEQUENTIAL),
      );
    }
  } finally {
    await stack.close();
    keyv.close();
    meta.close();
    await memcache.disconnect();
  }
}
