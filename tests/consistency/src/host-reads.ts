import { NotFoundError, type Person } from '@cachetoggle/model';
import type { PersonRead } from '@cachetoggle/service';
import type { ServiceHostProcess } from './checker/service-host-process';

/** The outbox poll interval (250 ms) plus a read and a delete, with room for a loaded machine. */
export const DELIVERY_BOUND_MS = 1500;

/** Runs `check` until it passes or `boundMs` has gone by; how long it took to pass. */
export async function passesWithin(
  boundMs: number,
  check: () => Promise<boolean>,
): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await check()) return performance.now() - start;
    const elapsed = performance.now() - start;
    if (elapsed > boundMs) throw new Error(`still failing after ${Math.round(elapsed)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The person `host` serves for `id`, or `undefined` when it answers that there is none. */
export async function readsAs(host: ServiceHostProcess, id: string): Promise<Person | undefined> {
  return host.call<PersonRead>('get', id).then(
    (read) => read.person,
    (error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    },
  );
}

/**
 * Reads `id` through `host` until the read comes from its cache: a process's first reads may
 * race the outbox row of the person's creation, whose delivery empties the cache once.
 */
export async function cachedIn(host: ServiceHostProcess, id: string): Promise<Person> {
  let person: Person | undefined;
  await passesWithin(DELIVERY_BOUND_MS * 2, async () => {
    const read = await host.call<PersonRead>('get', id);
    person = read.person;
    return read.source === 'cache';
  });
  return person as Person;
}
