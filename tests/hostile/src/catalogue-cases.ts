import type { HostileBody, HostileInput } from '@cachetoggle/testing/hostile';

/** `[label, entry]` pairs of the entries with `outcome`, for `it.for`. */
export function casesOf<T extends HostileInput>(
  entries: readonly T[],
  outcome: 'accept' | 'reject',
): (readonly [string, T])[] {
  return entries.filter((e) => e.outcome === outcome).map((e) => [e.label, e] as const);
}

/** `[label, body]` pairs of the bodies that are JSON (the ones that reach the layers). */
export function jsonBodyCases(bodies: readonly HostileBody[]): (readonly [string, HostileBody])[] {
  return bodies.filter((b) => b.create !== undefined).map((b) => [b.label, b] as const);
}

/**
 * The parsed body of a create as a DAO gets it: a DAO needs the id the service would have
 * generated, so an object body without one gets `id` (its own fields, `__proto__` included,
 * are kept as they are). Anything else is passed on unchanged.
 */
export function withId(parsed: unknown, id: string): unknown {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return parsed;
  return Object.hasOwn(parsed, 'id') ? parsed : { ...parsed, id };
}
