import { createDeferred } from '@cachetoggle/testing/fakes';
import { describe, expect, it } from 'vitest';
import { LogicalClock, type MarkRead, SingleFlight } from './single-flight';

function setup() {
  const clock = new LogicalClock();
  return { clock, flights: new SingleFlight<string, number>(clock) };
}

describe('SingleFlight', () => {
  it('callers of one key share one flight; other keys get their own', async () => {
    const { clock, flights } = setup();
    const gate = createDeferred();
    let runs = 0;
    const work = async () => {
      const mine = ++runs;
      await gate.promise;
      return mine;
    };
    const a1 = flights.run('a', clock.tick(), work);
    const a2 = flights.run('a', clock.tick(), work);
    const b = flights.run('b', clock.tick(), work);
    expect(a1).toBe(a2);
    gate.resolve();
    expect(await Promise.all([a1, a2, b])).toEqual([1, 1, 2]);
  });

  it('a caller joins a flight whose read was sent after the caller began', async () => {
    const { clock, flights } = setup();
    const gate = createDeferred();
    const work = async (markRead: MarkRead) => {
      markRead();
      await gate.promise;
      return 1;
    };
    const early = clock.tick();
    const first = flights.run('k', clock.tick(), work);
    expect(flights.run('k', early, work)).toBe(first);
    gate.resolve();
    await first;
  });

  it('a caller that began after the flight read was sent starts its own flight', async () => {
    const { clock, flights } = setup();
    const gate = createDeferred();
    let runs = 0;
    const work = async (markRead: MarkRead) => {
      const mine = ++runs;
      markRead();
      await gate.promise;
      return mine;
    };
    const first = flights.run('k', clock.tick(), work);
    const secondBegan = clock.tick();
    const second = flights.run('k', secondBegan, work);
    expect(second).not.toBe(first);
    expect(flights.run('k', secondBegan, work)).toBe(second);
    gate.resolve();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
  });

  it("the flight's latest read counts: a caller that began before it joins, though after an earlier one", async () => {
    const { clock, flights } = setup();
    const looked = createDeferred();
    const gate = createDeferred();
    let runs = 0;
    const work = async (markRead: MarkRead) => {
      const mine = ++runs;
      markRead();
      await looked.promise;
      markRead();
      await gate.promise;
      return mine;
    };
    const first = flights.run('k', clock.tick(), work);
    const between = clock.tick();
    looked.resolve();
    await looked.promise;
    expect(flights.run('k', between, work)).toBe(first);
    gate.resolve();
    expect(await first).toBe(1);
  });

  it('a settled flight is forgotten, also when it failed', async () => {
    const { clock, flights } = setup();
    const failing = flights.run('k', clock.tick(), async () => {
      throw new Error('boom');
    });
    const joined = flights.run('k', clock.tick(), async () => 1);
    expect(joined).toBe(failing);
    await expect(joined).rejects.toThrow('boom');
    expect(flights.size).toBe(0);
    await expect(flights.run('k', clock.tick(), async () => 2)).resolves.toBe(2);
    expect(flights.size).toBe(0);
  });
});
