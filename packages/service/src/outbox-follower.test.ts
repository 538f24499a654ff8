import { NotFoundError, type PersonInvalidation, UnavailableError } from '@cachetoggle/model';
import {
  ChaosPersonCache,
  createDeferred,
  FakePersonCache,
  FakePersonDb,
} from '@cachetoggle/testing/fakes';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { CacheAsidePersonService } from './cache-aside-person-service';
import { type Outbox, OutboxFollower } from './outbox-follower';
import { RateLimitedWarnings } from './rate-limited-warnings';
import { ada, createFixture, RecordingLogger } from './service-fixture';

const MANUAL = { pollIntervalMs: 3_600_000, gapWindowMs: 1_000, retentionMs: 60_000 };

/** An outbox whose rows the test commits one by one, in any order. */
class ScriptedOutbox implements Outbox {
  readonly rows: PersonInvalidation[] = [];
  trims = 0;
  failing = false;

  commit(seq: number, id: string): void {
    const last = this.rows.at(-1);
    this.rows.push({ seq, id });
    if (last !== undefined && last.seq > seq) this.rows.sort((a, b) => a.seq - b.seq);
  }

  async readInvalidations(afterSeq: number, limit: number) {
    if (this.failing) throw new UnavailableError('db', 'down');
    return this.rows.filter((row) => row.seq > afterSeq).slice(0, limit);
  }

  async trimInvalidations() {
    this.trims++;
  }
}

function follower(outbox: Outbox, options = MANUAL) {
  const delivered: string[] = [];
  const logger = new RecordingLogger();
  const f = new OutboxFollower(
    outbox,
    async (ids) => {
      delivered.push(...ids);
      return [];
    },
    options,
    new RateLimitedWarnings(logger, 0),
  );
  onTestFinished(() => f.close());
  return { f, delivered, logger };
}

describe('OutboxFollower', () => {
  it('delivers each row committed after its start once', async () => {
    const outbox = new ScriptedOutbox();
    outbox.commit(1, 'before-start');
    const { f, delivered } = follower(outbox);
    await f.followNow();
    outbox.commit(2, 'b');
    outbox.commit(3, 'c');
    await f.followNow();
    await f.followNow();
    expect(delivered).toEqual(['b', 'c']);
  });

  it('a number skipped over and committed later (a late commit) is still delivered', async () => {
    const outbox = new ScriptedOutbox();
    const { f, delivered } = follower(outbox);
    await f.followNow();
    outbox.commit(1, 'a');
    outbox.commit(3, 'c');
    await f.followNow();
    outbox.commit(2, 'late');
    await f.followNow();
    expect(delivered).toEqual(['a', 'c', 'late']);
  });

  it('a gap is waited for only gapWindowMs', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const outbox = new ScriptedOutbox();
    const { f, delivered } = follower(outbox);
    await f.followNow();
    outbox.commit(1, 'a');
    outbox.commit(3, 'c');
    await f.followNow();
    vi.setSystemTime(Date.now() + MANUAL.gapWindowMs + 1);
    await f.followNow();
    outbox.commit(2, 'too-late');
    await f.followNow();
    expect(delivered).toEqual(['a', 'c']);
  });

  it('ids handed back by a delivery are delivered again, for good, at the next round', async () => {
    const outbox = new ScriptedOutbox();
    const calls: [readonly string[], boolean][] = [];
    const f = new OutboxFollower(
      outbox,
      async (ids, final) => {
        calls.push([ids, final]);
        return final ? [] : ids.filter((id) => id === 'filling');
      },
      MANUAL,
      new RateLimitedWarnings(new RecordingLogger(), 0),
    );
    onTestFinished(() => f.close());
    await f.followNow();
    outbox.commit(1, 'settled');
    outbox.commit(2, 'filling');
    await f.followNow();
    await f.followNow();
    await f.followNow();
    expect(calls).toEqual([
      [['settled', 'filling'], false],
      [['filling'], true],
    ]);
  });

  it('reads page after page until the outbox is drained', async () => {
    const outbox = new ScriptedOutbox();
    for (let seq = 1; seq <= 12_000; seq++) outbox.commit(seq, `old${seq}`);
    const { f, delivered } = follower(outbox);
    await f.followNow();
    for (let seq = 12_001; seq <= 14_500; seq++) outbox.commit(seq, `id${seq}`);
    await f.followNow();
    expect(delivered).toHaveLength(2500);
    expect(delivered[0]).toBe('id12001');
  });

  it('a read that fails is logged and tried again at the next round; trimming goes on', async () => {
    const outbox = new ScriptedOutbox();
    const { f, delivered, logger } = follower(outbox);
    await f.followNow();
    outbox.failing = true;
    outbox.commit(1, 'a');
    await f.followNow();
    expect(delivered).toEqual([]);
    expect(logger.warnings.map((w) => w.msg)).toContain(
      'cannot read the invalidation outbox; retrying',
    );
    expect(outbox.trims).toBe(1);
    outbox.failing = false;
    await f.followNow();
    expect(delivered).toEqual(['a']);
  });

  it('follows on its timer, and close stops it', async () => {
    const outbox = new ScriptedOutbox();
    const { f, delivered } = follower(outbox, { ...MANUAL, pollIntervalMs: 5 });
    f.start();
    await f.followNow();
    outbox.commit(1, 'a');
    await vi.waitFor(() => expect(delivered).toEqual(['a']));
    await f.close();
    outbox.commit(2, 'b');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(delivered).toEqual(['a']);
  });
});

/** A database whose outbox reads the test can wait for: the first one finds where to start. */
function watchedDb() {
  const db = new FakePersonDb([ada]);
  const reads = vi.spyOn(db, 'readInvalidations');
  const followed = () => vi.waitFor(() => expect(reads).toHaveBeenCalled());
  return { db, followed };
}

describe('a service over a PersonDb with an outbox', () => {
  it('with outbox: false does not follow it', async () => {
    const { db } = watchedDb();
    const { service } = createFixture({ db, outbox: false });
    await service.get('ada');
    await service.close();
    expect(vi.mocked(db.readInvalidations)).not.toHaveBeenCalled();
  });

  it('delivers a write whose writer crashed after its commit', async () => {
    const { db, followed } = watchedDb();
    const { service } = createFixture({ db, outbox: { pollIntervalMs: 5 } });
    await followed();
    expect((await service.get('ada')).source).toBe('db');
    expect((await service.get('ada')).source).toBe('cache');
    // The crashed writer: its commit and outbox row, and no cache delete.
    await db.delete('ada');
    await vi.waitFor(() => expect(service.get('ada')).rejects.toBeInstanceOf(NotFoundError), {
      timeout: 2_000,
    });
  });

  it('does not delete again a key its writer invalidated and a reader refilled since', async () => {
    const db = new FakePersonDb([ada]);
    const read = db.readInvalidations.bind(db);
    const gate = createDeferred();
    let reads = 0;
    // The first read (the end of the outbox) goes through; the next ones wait for the fill.
    vi.spyOn(db, 'readInvalidations').mockImplementation(async (afterSeq, limit) => {
      if (reads++ > 0) await gate.promise;
      return read(afterSeq, limit);
    });
    const cache = new ChaosPersonCache(new FakePersonCache());
    const service = new CacheAsidePersonService({ db, cache, outbox: { pollIntervalMs: 5 } });
    onTestFinished(() => service.close());
    await vi.waitFor(() => expect(reads).toBeGreaterThan(1));
    await service.update('ada', { firstName: 'Augusta' });
    await service.get('ada');
    gate.resolve();
    await vi.waitFor(() => expect(reads).toBeGreaterThan(3));
    expect(cache.calls.delete).toBe(1);
    expect(await service.get('ada')).toMatchObject({ source: 'cache' });
  });

  it('invalidates the in-process cache of another instance over the same database', async () => {
    const { db, followed } = watchedDb();
    const options = { db, outbox: { pollIntervalMs: 5 } };
    const a = new CacheAsidePersonService({ ...options, cache: new FakePersonCache() });
    const b = new CacheAsidePersonService({ ...options, cache: new FakePersonCache() });
    await followed();
    onTestFinished(async () => {
      await Promise.all([a.close(), b.close()]);
    });
    await b.get('ada');
    expect((await b.get('ada')).source).toBe('cache');
    await a.update('ada', { firstName: 'Augusta' });
    await vi.waitFor(async () => expect((await b.get('ada')).person.firstName).toBe('Augusta'), {
      timeout: 2_000,
    });
  });
});
