import { UnavailableError } from '@cachetoggle/model';
import { describe, expect, it } from 'vitest';
import { SharedTimeout } from './with-timeout';

describe('SharedTimeout', () => {
  it('passes values and errors of calls that settle in time', async () => {
    const timeout = new SharedTimeout(1_000);
    await expect(timeout.run(Promise.resolve(7), 'get')).resolves.toBe(7);
    const error = new Error('own failure');
    await expect(timeout.run(Promise.reject(error), 'get')).rejects.toBe(error);
  });

  it('rejects a call that does not settle in time with UnavailableError naming the op', async () => {
    const timeout = new SharedTimeout(20);
    const started = performance.now();
    const error = await timeout.run(new Promise(() => {}), 'getMany').catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toBe('cache unavailable: getMany timed out after 20 ms');
    expect(elapsed).toBeGreaterThanOrEqual(19);
    expect(elapsed).toBeLessThan(500);
  });

  it('times out only the hung calls among many, and then holds nothing', async () => {
    const timeout = new SharedTimeout(15);
    const calls = Array.from({ length: 3_000 }, (_, i) =>
      timeout.run(i % 1_000 === 0 ? new Promise<number>(() => {}) : Promise.resolve(i), 'get').then(
        () => 'ok',
        () => 'timed out',
      ),
    );
    const outcomes = await Promise.all(calls);
    expect(outcomes.filter((o) => o === 'timed out')).toHaveLength(3);
    expect(timeout.pending).toBe(0);
  });

  it('a late answer after the timeout changes nothing', async () => {
    const timeout = new SharedTimeout(10);
    let answer!: (v: string) => void;
    const raced = timeout.run(new Promise<string>((r) => (answer = r)), 'get');
    await expect(raced).rejects.toBeInstanceOf(UnavailableError);
    answer('late');
    await expect(raced).rejects.toBeInstanceOf(UnavailableError);
  });
});
