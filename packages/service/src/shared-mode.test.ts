import { UnavailableError } from '@cachetoggle/model';
import { ChaosModeStore, FakeModeStore } from '@cachetoggle/testing/fakes';
import { describe, expect, it } from 'vitest';
import { ada, createFixture, secondService } from './service-fixture';

/** Two services (two processes) over one database, one cache and one mode row. */
function fleet(options: { stored?: boolean; pollMs?: number } = {}) {
  const shared = new FakeModeStore(options.stored);
  const storeA = new ChaosModeStore(shared);
  const storeB = new ChaosModeStore(shared);
  const modePollIntervalMs = options.pollMs ?? 60_000;
  const a = createFixture({ people: [ada], modeStore: storeA, modePollIntervalMs });
  const b = secondService(a, { modeStore: storeB, modePollIntervalMs });
  return { a, b, storeA, storeB };
}

describe('the mode shared by a fleet', () => {
  it('a switch through one service is followed by the other at its next poll', async () => {
    const { a, b } = fleet({ pollMs: 20 });
    await expect(a.service.setMode({ useDb: true })).resolves.toEqual({ useDb: true });
    expect(a.service.mode()).toEqual({ useDb: true });
    await expect.poll(() => b.service.mode().useDb, { timeout: 1000, interval: 5 }).toBe(true);
    expect(b.service.stats().mode).toMatchObject({ useDb: true, source: 'shared' });
    expect(await b.service.get('ada')).toEqual({ person: ada, source: 'db' });
    await a.service.setMode({ useDb: false });
    await expect.poll(() => b.service.mode().useDb, { timeout: 1000, interval: 5 }).toBe(false);
  });

  it('a service started on a switched fleet reads in the shared mode, not its option', async () => {
    const { a } = fleet({ stored: true });
    const late = secondService(a, { modeStore: new FakeModeStore(true), useDb: false });
    expect(await late.service.refreshMode()).toMatchObject({ useDb: true, source: 'shared' });
    expect(late.service.stats().mode.changedAt).toEqual(expect.any(Number));
    expect(await late.service.get('ada')).toEqual({ person: ada, source: 'db' });
  });

  it('a store never written leaves the configured mode, reported as configured', async () => {
    const { a } = fleet();
    const configured = secondService(a, { modeStore: new FakeModeStore(), useDb: true });
    expect(await configured.service.refreshMode()).toEqual({
      useDb: true,
      source: 'configured',
      changedAt: undefined,
      unreadableSince: undefined,
    });
  });

  it('a store that cannot be read keeps the last known mode, says so once, and recovers', async () => {
    const { a, b, storeB } = fleet();
    await a.service.setMode({ useDb: true });
    await b.service.refreshMode();
    storeB.fail({ methods: ['read'] });
    const before = Date.now();
    const status = await b.service.refreshMode();
    expect(status).toMatchObject({ useDb: true, source: 'last-known' });
    expect(status.unreadableSince).toBeGreaterThanOrEqual(before);
    await b.service.refreshMode();
    expect(b.service.stats().mode.unreadableSince).toBe(status.unreadableSince);
    expect(await b.service.get('ada')).toEqual({ person: ada, source: 'db' });
    storeB.heal();
    await a.service.setMode({ useDb: false });
    expect(await b.service.refreshMode()).toMatchObject({
      useDb: false,
      source: 'shared',
      unreadableSince: undefined,
    });
  });

  it('a switch the store cannot record fails and changes no process', async () => {
    const { a, b, storeA } = fleet();
    storeA.fail({ methods: ['write'] });
    await expect(a.service.setMode({ useDb: true })).rejects.toBeInstanceOf(UnavailableError);
    expect(a.service.mode()).toEqual({ useDb: false });
    expect(await b.service.refreshMode()).toMatchObject({ useDb: false, source: 'configured' });
  });

  it('the per-call useDb still overrides the shared mode', async () => {
    const { a } = fleet();
    await a.service.setMode({ useDb: true });
    await a.service.get('ada', { useDb: false });
    expect(await a.service.get('ada', { useDb: false })).toEqual({ person: ada, source: 'cache' });
    expect(await a.service.get('ada')).toEqual({ person: ada, source: 'db' });
  });

  it('polls one read at a time and stops at close', async () => {
    const { a, storeA } = fleet({ pollMs: 1 });
    const paused = storeA.pause('read');
    await paused.reached;
    const reads = storeA.calls.read;
    // While the read hangs, a refresh joins it rather than stacking another one up.
    const joined = a.service.refreshMode();
    expect(storeA.calls.read).toBe(reads);
    paused.release();
    await joined;
    await a.service.close();
    const afterClose = storeA.calls.read;
    await a.service.refreshMode();
    expect(storeA.calls.read).toBe(afterClose);
  });
});
