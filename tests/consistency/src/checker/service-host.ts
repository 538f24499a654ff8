// The child process of the checker and of the cross-process tests: one service instance (ours
// or the naive baseline) over the shared MariaDB database and memcached, driven over IPC.
import { KeyvPersonCache } from '@cachetoggle/dao-cache/keyv';
import { MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import {
  CacheAsidePersonService,
  type PersonService,
  type ProtocolHooks,
  type ProtocolStep,
} from '@cachetoggle/service';
import {
  type FromHostMessage,
  type HostConfig,
  type ToHostMessage,
  toRemoteError,
} from './host-protocol';
import { NaivePersonService } from './naive-person-service';
import { randomDelayHooks } from './random-delays';
import { seededRandom } from './seeded-random';
import { type LoadPlan, runLoad } from './workload';

interface ArmedPause {
  readonly pauseId: number;
  readonly step: ProtocolStep;
  readonly id: string;
}

const send = (message: FromHostMessage) => process.send?.(message);

const config = JSON.parse(process.argv[2] ?? '{}') as HostConfig;
const random = seededRandom(config.seed);
const armed: ArmedPause[] = [];
const held = new Map<number, () => void>();
let nextPauseId = 1;

const delays = config.delays ? randomDelayHooks(config.delays, random) : undefined;
const hooks: ProtocolHooks = {
  onStep(step, id) {
    const index = armed.findIndex((pause) => pause.step === step && pause.id === id);
    if (index >= 0) {
      const [pause] = armed.splice(index, 1);
      if (pause) return holdAt(pause);
    }
    return delays?.onStep?.(step, id);
  },
};

function holdAt(pause: ArmedPause): Promise<void> {
  return new Promise((resolve) => {
    held.set(pause.pauseId, resolve);
    send({ type: 'paused', pauseId: pause.pauseId, step: pause.step, id: pause.id });
  });
}

const db = await MysqlPersonDb.open({
  url: config.databaseUrl,
  poolSize: 8,
  queryTimeoutMs: config.dbQueryTimeoutMs,
});
// The cache's own deadline follows the service's cache timeout when a test sets one.
const cache = config.inProcessCache
  ? new KeyvPersonCache({ namespace: config.namespace })
  : new MemcachePersonCache({
      servers: config.memcacheServers,
      namespace: config.namespace,
      timeoutMs: config.service?.cacheTimeoutMs,
    });

const modeStore = config.sharedMode ? db.modeStore : undefined;
const topologyStore = config.sharedTopology ? db.topologyStore : undefined;
const ours =
  config.implementation === 'naive'
    ? undefined
    : new CacheAsidePersonService({
        db,
        cache,
        hooks,
        modeStore,
        topologyStore,
        ...config.service,
      });
const service: PersonService =
  ours ?? new NaivePersonService({ db, cache, hooks, ttlMs: config.service?.ttlMs });
// A (re)started process serves in the fleet's mode from its first call.
await ours?.refreshMode();
// And places keys as the fleet does (its own list proposed first).
await ours?.refreshTopology();

async function drain(timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (service.stats().pendingInvalidations > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return service.stats();
}

async function close() {
  for (const release of held.values()) release();
  await service.close();
  await Promise.allSettled([cache.close(), db.close()]);
}

const methods: Record<string, (...args: never[]) => unknown> = {
  get: (id: string, options?: { useDb?: boolean }) => service.get(id, options),
  getMany: (ids: string[], options?: { useDb?: boolean }) => service.getMany(ids, options),
  create: (input: Parameters<PersonService['create']>[0]) => service.create(input),
  update: (id: string, changes: Parameters<PersonService['update']>[1], expected?: number) =>
    service.update(id, changes, expected),
  delete: (id: string, expected?: number) => service.delete(id, expected),
  mode: () => service.mode(),
  setMode: (mode: { useDb: boolean }) => service.setMode(mode),
  stats: () => service.stats(),
  refreshMode: () => ours?.refreshMode() ?? service.stats().mode,
  topology: () => ours?.topology(),
  // The in-process cache is one server and names none.
  serverOf: (ids: string[]) =>
    ids.map((id) => (cache instanceof MemcachePersonCache ? cache.serverOf(id) : undefined)),
  pauseAt: (step: ProtocolStep, id: string) => {
    const pauseId = nextPauseId++;
    armed.push({ pauseId, step, id });
    return pauseId;
  },
  runLoad: (plan: LoadPlan) =>
    runLoad(service, plan, random, (entry) => send({ type: 'log', entry })),
  drain: (timeoutMs: number) => drain(timeoutMs),
  close: () => close(),
};

process.on('message', async (message: ToHostMessage) => {
  if (message.type === 'release') {
    held.get(message.pauseId)?.();
    held.delete(message.pauseId);
    return;
  }
  const method = methods[message.method];
  try {
    if (!method) throw new Error(`no such method: ${message.method}`);
    const value = await method(...(message.args as never[]));
    send({ type: 'result', callId: message.callId, value });
  } catch (error) {
    send({ type: 'failure', callId: message.callId, error: toRemoteError(error) });
  }
  if (message.method === 'close') process.disconnect();
});

send({ type: 'ready' });
