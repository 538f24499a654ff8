// Test helpers (not exported by the package): what memcached holds, read and written behind the
// client under test.
import { rawMemcached } from '@cachetoggle/testing/memcached';

/** The seconds memcached will keep `key` (`mg <key> t`); -1 = never expires, `undefined` = absent. */
export async function memcachedItemTtl(servers: string, key: string): Promise<number | undefined> {
  const answer = await rawMemcached(servers, `mg ${key} t\r\n`);
  if (answer.startsWith('EN')) return undefined;
  const ttl = /^HD t(-?\d+)\r\n$/.exec(answer)?.[1];
  if (ttl === undefined) throw new Error(`unexpected mg answer ${JSON.stringify(answer)}`);
  return Number(ttl);
}

/** Stores `bytes` under `key` for `seconds`, behind the codec's back. */
export async function writeRawValue(
  servers: string,
  key: string,
  bytes: string | Buffer,
  seconds = 60,
): Promise<void> {
  const value = Buffer.from(bytes);
  const request = Buffer.concat([
    Buffer.from(`ms ${key} ${value.length} T${seconds}\r\n`, 'latin1'),
    value,
    Buffer.from('\r\n'),
  ]);
  const answer = await rawMemcached(servers, request);
  if (answer !== 'HD\r\n') throw new Error(`unexpected ms answer ${JSON.stringify(answer)}`);
}
