import { describe, expect, it } from 'vitest';
import { ada, createFixture, holdFirstAt, READ_PATHS, secondService } from './service-fixture';

describe.each(READ_PATHS)('leases against stale fills ($name)', (path) => {
  it('a reader that read the DB before a write commits cannot fill its stale value', async () => {
    const hold = holdFirstAt('before-fill');
    const { service, fakeCache } = createFixture({
      people: [ada],
      hooks: hold.hooks,
      cacheOptions: path.cacheOptions,
    });
    const reader = service.get('ada');
    await hold.reached;
    const updated = await service.update('ada', { lastName: 'King' });
    hold.release();
    expect((await reader).person.version).toBe(1);
    expect(fakeCache.peek('ada').kind).toBe('miss');
    expect(service.stats()).toMatchObject({ fills: 0, fillRacesLost: 1 });
    expect(await service.get('ada')).toEqual({ person: updated, source: 'db' });
    expect(fakeCache.peek('ada')).toEqual({ kind: 'person', person: updated });
    expect(await service.get('ada')).toEqual({ person: updated, source: 'cache' });
  });

  it('a writer in another process also defeats the stale fill', async () => {
    const hold = holdFirstAt('before-fill');
    const fixture = createFixture({
      people: [ada],
      hooks: hold.hooks,
      cacheOptions: path.cacheOptions,
    });
    const other = secondService(fixture);
    const reader = fixture.service.get('ada');
    await hold.reached;
    const updated = await other.service.update('ada', { lastName: 'King' });
    hold.release();
    await reader;
    expect((await other.service.get('ada')).person).toEqual(updated);
    expect((await fixture.service.get('ada')).person).toEqual(updated);
  });

  it('a batch reader that read before a write cannot fill its stale value either', async () => {
    const hold = holdFirstAt('before-fill');
    const bob = { ...ada, id: 'bob' };
    const { service, fakeCache } = createFixture({
      people: [ada, bob],
      hooks: hold.hooks,
      cacheOptions: path.cacheOptions,
    });
    const reader = service.getMany(['ada']);
    await hold.reached;
    await service.update('ada', { lastName: 'King' });
    hold.release();
    expect((await reader).people[0]?.person.version).toBe(1);
    expect(fakeCache.peek('ada').kind).toBe('miss');
    expect((await service.get('ada')).person.version).toBe(2);
  });

  it('a get that starts after a write completed does not join a flight that read before it', async () => {
    const hold = holdFirstAt('db-read');
    const fixture = createFixture({
      people: [ada],
      hooks: hold.hooks,
      cacheOptions: path.cacheOptions,
    });
    const other = secondService(fixture);
    const early = fixture.service.get('ada');
    await hold.reached;
    const updated = await other.service.update('ada', { firstName: 'Augusta' });
    const late = await fixture.service.get('ada');
    expect(late.person).toEqual(updated);
    hold.release();
    expect((await early).person.version).toBe(1);
    expect(fixture.db.calls.get).toBe(2);
  }, 5_000); // a joiner of the held flight would wait for it forever

  it('a reader that finds another process lease waits for its value', async () => {
    const hold = holdFirstAt('before-fill');
    const fixture = createFixture({
      people: [ada],
      hooks: hold.hooks,
      cacheOptions: path.cacheOptions,
    });
    const other = secondService(fixture, { leaseWait: { pollIntervalMs: 1, maxWaitMs: 5_000 } });
    const holder = fixture.service.get('ada');
    await hold.reached;
    // On the read-or-lease path the reader's first getOrLease is its read, the second its poll.
    let calls = 0;
    const firstPoll = path.pollMethod === 'getOrLease' ? 2 : 1;
    const poll = other.cache.pause(path.pollMethod, () => ++calls === firstPoll);
    const waiter = other.service.get('ada');
    await poll.reached;
    hold.release();
    await holder;
    poll.release();
    expect(await waiter).toEqual({ person: ada, source: 'cache' });
    expect(other.db.calls.get).toBe(0);
    expect(other.service.stats()).toMatchObject({ leaseWaits: 1, fills: 0 });
  });

  it('a reader that waited in vain reads the DB without filling', async () => {
    const hold = holdFirstAt('before-fill');
    const fixture = createFixture({
      people: [ada],
      hooks: hold.hooks,
      cacheOptions: path.cacheOptions,
    });
    const other = secondService(fixture, { leaseWait: { pollIntervalMs: 1, maxWaitMs: 10 } });
    const holder = fixture.service.get('ada');
    await hold.reached;
    expect(await other.service.get('ada')).toEqual({ person: ada, source: 'db' });
    expect(other.cache.calls.putIfUntouched).toBe(0);
    expect(other.service.stats()).toMatchObject({ leaseWaits: 1, dbReads: 1 });
    expect(fixture.fakeCache.peek('ada').kind).toBe('lease');
    hold.release();
    await holder;
    expect(fixture.fakeCache.peek('ada')).toEqual({ kind: 'person', person: ada });
  });
});

describe.each(READ_PATHS)('a lease holder fills only its own lease ($name)', (path) => {
  it('a key that holds another reader lease at fill time is a lost race, whatever the token', async () => {
    const hold = holdFirstAt('before-fill');
    const { service, fakeCache } = createFixture({
      people: [ada],
      hooks: hold.hooks,
      cacheOptions: path.cacheOptions,
    });
    const reading = service.get('ada');
    await hold.reached;
    await fakeCache.delete('ada');
    await fakeCache.add('ada', { kind: 'lease', owner: 'someone-else' }, 2000);
    hold.release();
    expect((await reading).source).toBe('db');
    expect(await fakeCache.get('ada')).toEqual({ kind: 'lease', owner: 'someone-else' });
    expect(service.stats().fillRacesLost).toBe(1);
  });
});
