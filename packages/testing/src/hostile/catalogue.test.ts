import { describe, expect, it } from 'vitest';
import { FOREIGN_CACHE_VALUES } from './foreign-cache-values';
import { HOSTILE_BODIES } from './hostile-bodies';
import { HOSTILE_IDS } from './hostile-ids';
import type { HostileCategory } from './hostile-input';
import { HOSTILE_NAMES } from './hostile-names';
import { HOSTILE_REQUESTS } from './hostile-requests';
import { HOSTILE_IF_MATCH, HOSTILE_VERSIONS } from './hostile-versions';

const LISTS = {
  HOSTILE_IDS,
  HOSTILE_NAMES,
  HOSTILE_VERSIONS,
  HOSTILE_IF_MATCH,
  HOSTILE_BODIES,
  HOSTILE_REQUESTS,
  FOREIGN_CACHE_VALUES,
};

describe('the hostile-input catalogue', () => {
  it.for(Object.entries(LISTS))('%s has unique labels', ([, list]) => {
    const labels = list.map((entry) => entry.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('covers every category of hostile input', () => {
    const covered = new Set<HostileCategory>(
      [...HOSTILE_IDS, ...HOSTILE_NAMES, ...HOSTILE_VERSIONS, ...HOSTILE_BODIES].map(
        (e) => e.category,
      ),
    );
    expect([...covered].sort()).toEqual(
      [
        'empty-or-blank',
        'json-shape',
        'memcached-injection',
        'ordinary',
        'prototype-keys',
        'sql-injection',
        'unicode',
        'version',
        'very-long',
        'wrong-type',
      ].sort(),
    );
  });

  it('has both outcomes for ids, names and versions, and keys every valid id', () => {
    for (const list of [HOSTILE_IDS, HOSTILE_NAMES, HOSTILE_VERSIONS]) {
      expect(new Set(list.map((e) => e.outcome))).toEqual(new Set(['accept', 'reject']));
    }
    for (const id of HOSTILE_IDS) if (id.outcome === 'accept') expect(id.cacheKey).toBe('accept');
  });

  it('writes every foreign value as bytes, whatever the id', () => {
    for (const value of FOREIGN_CACHE_VALUES) {
      expect(Buffer.isBuffer(value.bytes('ada', Date.now() + 60_000))).toBe(true);
    }
  });
});
