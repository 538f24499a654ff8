import * as crypto from 'node:crypto';

/** Points each server gets on the ring: 40 MD5 digests of 4 points each, as ketama does. */
export const KETAMA_POINTS_PER_SERVER = 160;

const DIGESTS_PER_SERVER = KETAMA_POINTS_PER_SERVER / 4;

/**
 * Consistent hashing of keys onto servers, compatible with ketama (the scheme of libmemcached's
 * ketama mode, twemproxy and spymemcached): each server `host:port` gets 160 points on a 32-bit
 * circle, four from each MD5 digest of `host:port-0` … `host:port-39` (bytes read little-endian);
 * a key belongs to the server of the first point at or after the first four bytes of the MD5 of
 * the key, wrapping around. Adding a fourth server to three moves about a quarter of the keys,
 * where `hash % n` moves three quarters; every client with the same server list, in any order,
 * places every key on the same server.
 */
export class KetamaRing {
  /** The server names, sorted; `serverIndexFor` indexes into this list. */
  readonly servers: readonly string[];
  readonly #points: Uint32Array;
  readonly #owners: Uint16Array;

  /** Throws `RangeError` for no servers, a name given twice, or more than 65,535 servers. */
  constructor(servers: readonly string[]) {
    const sorted = [...servers].sort();
    if (sorted.length === 0) throw new RangeError('a ring needs at least one server');
    if (sorted.length > 0xffff) throw new RangeError('a ring holds at most 65535 servers');
    if (new Set(sorted).size !== sorted.length) throw new RangeError('a server is listed twice');
    this.servers = sorted;
    const count = sorted.length * KETAMA_POINTS_PER_SERVER;
    const points: { value: number; owner: number }[] = [];
    for (const [owner, name] of sorted.entries()) {
      for (let i = 0; i < DIGESTS_PER_SERVER; i++) {
        const digest = md5(`${name}-${i}`);
        for (let part = 0; part < 4; part++) {
          points.push({ value: digest.readUInt32LE(part * 4), owner });
        }
      }
    }
    // Ties (two servers hashing to one point) go to the server that sorts first, so the ring
    // does not depend on the order the servers were listed in.
    points.sort((a, b) => a.value - b.value || a.owner - b.owner);
    this.#points = new Uint32Array(count);
    this.#owners = new Uint16Array(count);
    for (const [i, point] of points.entries()) {
      this.#points[i] = point.value;
      this.#owners[i] = point.owner;
    }
  }

  /** The name (`host:port`) of the server that holds `key`. */
  serverFor(key: string): string {
    return this.servers[this.serverIndexFor(key)] as string;
  }

  /** The index in `servers` of the server that holds `key`; no hashing with one server. */
  serverIndexFor(key: string): number {
    if (this.servers.length === 1) return 0;
    const hash = md5(key).readUInt32LE(0);
    const points = this.#points;
    let low = 0;
    let high = points.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((points[middle] as number) < hash) low = middle + 1;
      else high = middle;
    }
    return this.#owners[low === points.length ? 0 : low] as number;
  }
}

// One call instead of createHash().update().digest() where the runtime has it (Node 20.12+).
const md5: (text: string) => Buffer =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('md5', text, 'buffer') as unknown as Buffer
    : (text) => crypto.createHash('md5').update(text).digest();
