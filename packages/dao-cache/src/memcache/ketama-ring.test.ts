import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CacheKeyScheme } from '../key-scheme';
import { KETAMA_POINTS_PER_SERVER, KetamaRing } from './ketama-ring';

const KEYS = 100_000;
const scheme = new CacheKeyScheme('person');
const keys = Array.from({ length: KEYS }, (_, i) => scheme.key(`p${i.toString(36)}`));
const servers = (n: number) => Array.from({ length: n }, (_, i) => `10.0.0.${i + 1}:11211`);

function shares(ring: KetamaRing): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) {
    const server = ring.serverFor(key);
    counts.set(server, (counts.get(server) ?? 0) + 1);
  }
  return new Map([...counts].map(([server, count]) => [server, count / KEYS]));
}

function movedShare(before: KetamaRing, after: KetamaRing): number {
  let moved = 0;
  for (const key of keys) if (before.serverFor(key) !== after.serverFor(key)) moved++;
  return moved / KEYS;
}

/** ketama written out the slow, obvious way, to check the fast one against. */
function referenceServerFor(names: readonly string[], key: string): string {
  const md5 = (text: string) => createHash('md5').update(text).digest();
  const points: [number, string][] = [];
  for (const name of names) {
    for (let i = 0; i < KETAMA_POINTS_PER_SERVER / 4; i++) {
      const digest = md5(`${name}-${i}`);
      for (let part = 0; part < 4; part++) points.push([digest.readUInt32LE(part * 4), name]);
    }
  }
  points.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
  const hash = md5(key).readUInt32LE(0);
  return (points.find(([point]) => point >= hash) ?? points[0])?.[1] as string;
}

describe('KetamaRing', () => {
  it('places keys as ketama does: MD5 points of "host:port-i", first point at or after the key', () => {
    const names = servers(5);
    const ring = new KetamaRing(names);
    for (const key of keys.slice(0, 2000)) {
      expect(ring.serverFor(key)).toBe(referenceServerFor(names, key));
    }
  });

  it('does not depend on the order of the server list', () => {
    const names = servers(4);
    const a = new KetamaRing(names);
    const b = new KetamaRing([...names].reverse());
    const c = new KetamaRing([names[2], names[0], names[3], names[1]] as string[]);
    for (const key of keys.slice(0, 20_000)) {
      expect(b.serverFor(key)).toBe(a.serverFor(key));
      expect(c.serverFor(key)).toBe(a.serverFor(key));
    }
  });

  it('moves about 1/(N+1) of the keys when a server joins: 3 -> 4 at most 0.30, 2 -> 3 about a third', () => {
    const threeToFour = movedShare(new KetamaRing(servers(3)), new KetamaRing(servers(4)));
    expect(threeToFour).toBeGreaterThan(0.15);
    expect(threeToFour).toBeLessThanOrEqual(0.3);
    const twoToThree = movedShare(new KetamaRing(servers(2)), new KetamaRing(servers(3)));
    expect(twoToThree).toBeGreaterThan(0.23);
    expect(twoToThree).toBeLessThan(0.43);
  });

  it('moves keys only to the server that joined', () => {
    const before = new KetamaRing(servers(3));
    const after = new KetamaRing(servers(4));
    const joined = servers(4)[3];
    for (const key of keys.slice(0, 20_000)) {
      const now = after.serverFor(key);
      if (now !== before.serverFor(key)) expect(now).toBe(joined);
    }
  });

  it('balances keys within reason: every server of 4 holds 15% to 35%', () => {
    for (const share of shares(new KetamaRing(servers(4))).values()) {
      expect(share).toBeGreaterThan(0.15);
      expect(share).toBeLessThan(0.35);
    }
  });

  it('one server holds every key without hashing; an empty or repeated list is refused', () => {
    const ring = new KetamaRing(['cache:11211']);
    expect(ring.serverFor('anything')).toBe('cache:11211');
    expect(ring.serverIndexFor('anything')).toBe(0);
    expect(() => new KetamaRing([])).toThrow(RangeError);
    expect(() => new KetamaRing(['a:1', 'a:1'])).toThrow(RangeError);
  });
});
