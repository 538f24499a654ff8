import { CacheKeyScheme, MAX_CACHE_KEY_BYTES } from '@cachetoggle/dao-cache/memcache';
import { PERSON_ID_PATTERN } from '@cachetoggle/model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validationErrorOf } from './rejection';

// memcached's rule: 1 to 250 bytes, no space and no control character.
const LEGAL_KEY = /^[\x21-\x7e]+$/;

const anyId = fc.oneof(
  fc.stringMatching(PERSON_ID_PATTERN),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', maxLength: 300 }),
  fc.constantFrom('', ' ', 'a ', 'A', 'a', 'person:a', 'person~YQ', '\ud800', 'x'.repeat(251)),
);
const namespace = fc.stringMatching(/^[A-Za-z0-9_.-]{1,40}$/);

/** The key of `id`, or `undefined` when the scheme rejects it (always with a ValidationError). */
function keyOrNothing(scheme: CacheKeyScheme, id: string): string | undefined {
  try {
    return scheme.key(id);
  } catch {
    return undefined;
  }
}

describe('cache key scheme', () => {
  it('maps any string id to a legal memcached key, or rejects it with a ValidationError', async () => {
    await fc.assert(
      fc.asyncProperty(namespace, anyId, async (ns, id) => {
        const scheme = new CacheKeyScheme(ns);
        const key = keyOrNothing(scheme, id);
        if (key === undefined) {
          expect((await validationErrorOf(() => scheme.key(id))).field).toBe('id');
          return;
        }
        expect(key).toMatch(LEGAL_KEY);
        expect(Buffer.byteLength(key)).toBeLessThanOrEqual(MAX_CACHE_KEY_BYTES);
      }),
      { numRuns: 2000 },
    );
  });

  it('keys every valid person id, and every short well-formed string', () => {
    fc.assert(
      fc.property(namespace, anyId, (ns, id) => {
        const short = id.length > 0 && id.isWellFormed() && Buffer.byteLength(id) <= 120;
        if (PERSON_ID_PATTERN.test(id) || short) {
          expect(keyOrNothing(new CacheKeyScheme(ns), id)).toBeDefined();
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('gives distinct ids (in any namespaces) distinct keys', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(namespace, anyId), { maxLength: 60 }), (pairs) => {
        const owners = new Map<string, string>();
        for (const [ns, id] of pairs) {
          const key = keyOrNothing(new CacheKeyScheme(ns), id);
          if (key === undefined) continue;
          const owner = JSON.stringify([ns, id]);
          expect(owners.get(key) ?? owner).toBe(owner);
          owners.set(key, owner);
        }
      }),
      { numRuns: 500 },
    );
  });
});
