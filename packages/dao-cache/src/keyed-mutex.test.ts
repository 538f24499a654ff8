import { createDeferred } from '@cachetoggle/testing/fakes';
import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyed-mutex';

describe('KeyedMutex', () => {
  it('runs the tasks of one key one at a time, in call order', async () => {
    const mutex = new KeyedMutex();
    const gate = createDeferred();
    const log: string[] = [];
    const first = mutex.run('k', async () => {
      log.push('first starts');
      await gate.promise;
      log.push('first ends');
    });
    const second = mutex.run('k', async () => {
      log.push('second runs');
    });
    await Promise.resolve();
    expect(log).toEqual(['first starts']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(log).toEqual(['first starts', 'first ends', 'second runs']);
  });

  it('runs tasks of different keys concurrently', async () => {
    const mutex = new KeyedMutex();
    const gate = createDeferred();
    const blocked = mutex.run('a', () => gate.promise);
    expect(await mutex.run('b', async () => 'b done')).toBe('b done');
    gate.resolve();
    await blocked;
  });

  it('a failing task rejects its caller and does not block the next one', async () => {
    const mutex = new KeyedMutex();
    const failing = mutex.run('k', async () => {
      throw new Error('boom');
    });
    const next = mutex.run('k', async () => 'next');
    await expect(failing).rejects.toThrow('boom');
    expect(await next).toBe('next');
  });

  it('forgets a key once its queue runs empty', async () => {
    const mutex = new KeyedMutex();
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) => mutex.run(`k${i % 10}`, async () => i)),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(mutex.activeKeys).toBe(0);
  });
});
