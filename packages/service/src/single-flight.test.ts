import { createDeferred } from '@cachetoggle/testing/fakes';
import { describe, expect, it } from 'vitest';
import { SingleFlight } from './single-flight';

describe('SingleFlight', () => {
  it('callers of one key share one open flight; other keys get their own', async () => {
    const flights = new SingleFlight<string, string>();
    const gate = createDeferred();
    let runs = 0;
    const work = async () => {
      runs++;
      await gate.promise;
      return `run ${runs}`;
    };
    const a1 = flights.run('a', work);
    const a2 = flights.run('a', work);
    const b = flights.run('b', work);
    expect(a1).toBe(a2);
    expect(runs).toBe(2);
    gate.resolve();
    expect(await Promise.all([a1, a2, b])).toEqual(['run 2', 'run 2', 'run 2']);
  });

  it('a sealed flight cannot be joined: a later caller starts its own', async () => {
    const flights = new SingleFlight<string, number>();
    const gate = createDeferred();
    let runs = 0;
    const work = async (seal: () => void) => {
      const mine = ++runs;
      seal();
      await gate.promise;
      return mine;
    };
    const first = flights.run('k', work);
    const second = flights.run('k', work);
    gate.resolve();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
  });

  it('a settled flight is forgotten, also when it failed', async () => {
    const flights = new SingleFlight<string, number>();
    const failing = flights.run('k', async () => {
      throw new Error('boom');
    });
    const joined = flights.run('k', async () => 1);
    expect(joined).toBe(failing);
    await expect(joined).rejects.toThrow('boom');
    expect(flights.size).toBe(0);
    await expect(flights.run('k', async () => 2)).resolves.toBe(2);
    expect(flights.size).toBe(0);
  });
});
