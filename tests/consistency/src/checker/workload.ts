import { ConflictError, NotFoundError, type Person, UnavailableError } from '@cachetoggle/model';
import type { PersonRead, PersonService } from '@cachetoggle/service';
import type { LoadLogSink } from './load-log';
import { type ReadRecord, type WriteOutcome, type WriteRecord, wallClockMs } from './operation-log';
import { pick, type Random } from './seeded-random';

/** What one worker process does. */
export interface LoadPlan {
  /** Operations this worker makes in all. */
  readonly ops: number;
  /** Operations in flight at once in this worker. */
  readonly concurrency: number;
  /** The ids everybody reads and writes (few, so that they collide). */
  readonly ids: readonly string[];
  /**
   * Ids the workers only read (with `get`): a write to them made elsewhere (a fault's) is
   * invalidated by nobody but the outbox followers.
   */
  readonly readOnlyIds: readonly string[];
  /** Tells this worker's write tokens apart from every other worker's. */
  readonly workerTag: string;
  /** Chance per operation that the worker flips the mode (for the fleet, with a shared mode). */
  readonly toggleProbability: number;
}

/** What the worker counted (its reads and writes went to the log as they happened). */
export interface LoadResult {
  readonly ops: number;
  /**
   * Writes that failed with `UnavailableError` (the database stopped them, as it does a write
   * left waiting on a lock): they may or may not have been committed, and are logged so.
   */
  readonly failedWrites: number;
  /** Failures other than the expected conflicts, not-founds and failed writes, by message. */
  readonly unexpectedErrors: Record<string, number>;
}

type SettledWrite = WriteRecord & { readonly token: string };

/** The records of one operation, sent to the log when it ends. */
interface OperationRecords {
  readonly reads: ReadRecord[];
  readonly writes: SettledWrite[];
}

type Operation = 'get' | 'getDb' | 'getMany' | 'update' | 'updateIfUnchanged' | 'delete' | 'create';

// Reads dominate as in a cached service; the writes are frequent enough that every id is
// written while someone is reading it.
const MIX: readonly Operation[] = [
  ...Array<Operation>(50).fill('get'),
  ...Array<Operation>(4).fill('getDb'),
  ...Array<Operation>(6).fill('getMany'),
  ...Array<Operation>(22).fill('update'),
  ...Array<Operation>(6).fill('updateIfUnchanged'),
  ...Array<Operation>(6).fill('delete'),
  ...Array<Operation>(6).fill('create'),
];

/**
 * Runs `plan.ops` random operations against `service`, `plan.concurrency` at a time, and logs
 * every read and write with its outcome and wall-clock interval to `log` for the checker: each
 * write before its call and each operation when it ends.
 */
export async function runLoad(
  service: PersonService,
  plan: LoadPlan,
  random: Random,
  log: LoadLogSink,
): Promise<LoadResult> {
  const unexpectedErrors: Record<string, number> = {};
  const lastSeen = new Map<string, number>();
  let started = 0;
  let failedWrites = 0;
  let sequence = 0;
  const readable = [...plan.ids, ...plan.readOnlyIds];

  const unexpected = (error: unknown) => {
    const message = String(error);
    unexpectedErrors[message] = (unexpectedErrors[message] ?? 0) + 1;
  };
  const recordRead = (
    reads: ReadRecord[],
    id: string,
    startedAt: number,
    read: PersonRead | undefined,
  ) => {
    const endedAt = wallClockMs();
    if (read) {
      lastSeen.set(id, read.person.version);
      reads.push({ id, startedAt, endedAt, source: read.source, row: rowOf(read.person) });
    } else {
      reads.push({ id, startedAt, endedAt, source: 'none' });
    }
  };

  const write = async (
    writes: SettledWrite[],
    kind: WriteRecord['kind'],
    id: string,
    token: string,
    fields: { lifetime?: string; firstName?: string },
    call: () => Promise<Person | undefined>,
  ) => {
    const startedAt = wallClockMs();
    log({ kind: 'write-started', token, write: { kind, id, startedAt, ...fields } });
    let outcome: WriteOutcome = 'acked';
    let row: Person | undefined;
    try {
      row = await call();
    } catch (error) {
      outcome =
        error instanceof ConflictError || error instanceof NotFoundError ? 'rejected' : 'unknown';
      if (error instanceof UnavailableError) failedWrites++;
      else if (outcome === 'unknown') unexpected(error);
    }
    const record = { kind, id, token, startedAt, endedAt: wallClockMs(), outcome, ...fields };
    writes.push(row ? { ...record, lifetime: row.lastName, version: row.version } : record);
  };

  const one = async (operation: Operation, { reads, writes }: OperationRecords) => {
    const id = pick(random, plan.ids);
    const token = `${plan.workerTag}.${++sequence}`;
    switch (operation) {
      case 'get':
      case 'getDb': {
        const target = operation === 'get' ? pick(random, readable) : id;
        const startedAt = wallClockMs();
        try {
          const options = operation === 'getDb' ? { useDb: true } : undefined;
          recordRead(reads, target, startedAt, await service.get(target, options));
        } catch (error) {
          if (error instanceof NotFoundError) recordRead(reads, target, startedAt, undefined);
          else unexpected(error);
        }
        return;
      }
      case 'getMany': {
        const wanted = [id, pick(random, plan.ids), pick(random, plan.ids)];
        const startedAt = wallClockMs();
        try {
          const result = await service.getMany(wanted);
          for (const read of result.people) recordRead(reads, read.person.id, startedAt, read);
          for (const missing of result.missing) recordRead(reads, missing, startedAt, undefined);
        } catch (error) {
          unexpected(error);
        }
        return;
      }
      case 'update':
      case 'updateIfUnchanged': {
        const firstName = `U${token}`;
        const expected = operation === 'updateIfUnchanged' ? lastSeen.get(id) : undefined;
        return write(writes, 'update', id, token, { firstName }, () =>
          service.update(id, { firstName }, expected),
        );
      }
      case 'delete':
        return write(writes, 'delete', id, token, {}, async () => {
          await service.delete(id);
          return undefined;
        });
      case 'create': {
        const lifetime = `L${token}`;
        return write(writes, 'create', id, token, { lifetime }, () =>
          service.create({ id, firstName: 'Created', lastName: lifetime }),
        );
      }
    }
  };

  const loop = async () => {
    while (started < plan.ops) {
      started++;
      const toggled = random() < plan.toggleProbability;
      if (toggled) await service.setMode({ useDb: !service.mode().useDb });
      const records: OperationRecords = { reads: [], writes: [] };
      await one(pick(random, MIX), records);
      log({ kind: 'op', ...records, toggled });
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, loop));
  return { ops: started, failedWrites, unexpectedErrors };
}

function rowOf(person: Person): NonNullable<ReadRecord['row']> {
  return { lifetime: person.lastName, version: person.version, firstName: person.firstName };
}
