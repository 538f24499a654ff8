import { type CacheEntry, UnavailableError } from '@cachetoggle/model';
import { freePort, rawMemcached } from '@cachetoggle/testing/memcached';
import { KeyvMemcache } from '@keyv/memcache';
import { Keyv } from 'keyv';
import { afterAll, afterEach, describe, expect, inject, it, vi } from 'vitest';
import { CacheKeyScheme } from './key-scheme';
import { MemcachePersonCache } from './memcache-person-cache';
import { memcachedItemTtl, writeRawValue } from './raw-memcached';
import { spyOnSocketWrites } from './socket-write-spy';

// Each test first SHOWS a measured bug of keyv 5 + @keyv/memcache 2.0.2 (so that we notice when
// it is fixed and this layer may be simplified), then shows that MemcachePersonCache has not
// inherited it.

const servers = inject('memcacheServers');
const namespace = inject('memcacheNamespace');
const silent = { log: () => {} };
const DAY = 24 * 60 * 60 * 1000;
const lease: CacheEntry = { kind: 'lease', owner: 'o' };
const keys = new CacheKeyScheme(namespace);
const port = Number(servers.split(':')[1]);
const toClose: (() => unknown)[] = [];
let writes: ReturnType<typeof spyOnSocketWrites> | undefined;
let counter = 0;
const freshId = () => `bug-${Date.now().toString(36)}-${++counter}`;

function keyvOnMemcache(uri = servers) {
  const store = new KeyvMemcache(uri, {
    retries: 1,
    timeout: 0.1,
    conntimeout: 0.1,
    logger: silent,
  });
  toClose.push(() => store.client.close());
  return { store, keyv: new Keyv<string>({ store, namespace }) };
}

/** Our cache, connected, and a spy on the requests written to the server from now on. */
async function ourCache() {
  const cache = new MemcachePersonCache({ servers, namespace });
  toClose.push(() => cache.close());
  await cache.get('connect');
  writes = spyOnSocketWrites(port);
  return { cache, writes };
}

/** The raw value memcached holds under `key`, or `undefined`. */
async function rawValue(key: string): Promise<string | undefined> {
  const answer = await rawMemcached(
    servers,
    `mg ${key} v\r\n`,
    /^(EN\r\n|VA [\s\S]*\r\n[\s\S]*\r\n)$/,
  );
  return answer.startsWith('EN') ? undefined : answer.slice(answer.indexOf('\r\n') + 2, -2);
}

afterEach(() => writes?.restore());

afterAll(async () => {
  for (const close of toClose) await close();
});

describe('keyv + @keyv/memcache bugs this package does not inherit', () => {
  it('a 500 ms TTL is sent as 0 seconds (never expires); ours keeps the item 3 s', async () => {
    const { keyv } = keyvOnMemcache();
    const id = freshId();
    await keyv.set(id, 'v', 500);
    expect(await memcachedItemTtl(servers, `${namespace}:${namespace}:${id}`)).toBe(-1);

    const { cache } = await ourCache();
    await cache.set(id, lease, 500);
    expect(await memcachedItemTtl(servers, keys.key(id))).toBeOneOf([2, 3]);
  });

  it('a TTL over 30 days is read as a Unix time and the item is gone at once; ours stays', async () => {
    const { keyv } = keyvOnMemcache();
    const id = freshId();
    expect(await keyv.set(id, 'v', 40 * DAY)).toBe(true);
    expect(await keyv.get(id)).toBeUndefined();

    const { cache } = await ourCache();
    await cache.set(id, lease, 40 * DAY);
    expect(await cache.get(id)).toEqual(lease);
    const ttl = await memcachedItemTtl(servers, keys.key(id));
    expect(ttl).toBeGreaterThanOrEqual(40 * 24 * 3600);
    expect(ttl).toBeLessThanOrEqual(40 * 24 * 3600 + 2);
  });

  it('keys are stored as ns:ns:key and the ids "c" and "ns:c" share one entry; ours do not', async () => {
    const { keyv } = keyvOnMemcache();
    const id = freshId();
    await keyv.set(id, 'plain');
    expect(await rawValue(`${namespace}:${namespace}:${id}`)).toContain('plain');
    expect(await keyv.get(`${namespace}:${id}`)).toBe('plain');

    const { cache } = await ourCache();
    await cache.set(id, lease, 60_000);
    expect(await cache.get(`${namespace}:${id}`)).toEqual({ kind: 'miss' });
  });

  it('keys are trimmed, so "a " and "a" collide; ours do not', async () => {
    const { keyv } = keyvOnMemcache();
    const id = freshId();
    await keyv.set(`${id} `, 'spaced');
    expect(await keyv.get(id)).toBe('spaced');

    const { cache } = await ourCache();
    await cache.set(`${id} `, lease, 60_000);
    expect(await cache.get(id)).toEqual({ kind: 'miss' });
  });

  it('a miss sends a delete that wipes a fill landing meanwhile; ours sends one get only', async () => {
    const { store, keyv } = keyvOnMemcache();
    const id = freshId();
    const stored = `${namespace}:${namespace}:${id}`;
    const client = store.client as unknown as { delete: (key: string, cb: unknown) => void };
    const deleteOnce = client.delete.bind(client);
    client.delete = (key, cb) => {
      // Another client's fill lands between keyv's get and its delete.
      void writeRawValue(servers, stored, 'filled').then(() => deleteOnce(key, cb));
    };
    expect(await keyv.get(id)).toBeUndefined();
    expect(await rawValue(stored)).toBeUndefined();

    const { cache, writes } = await ourCache();
    expect(await cache.get(id)).toEqual({ kind: 'miss' });
    expect(writes.requests()).toBe(1);
  });

  it('errors come back as misses and set as false; ours reject with UnavailableError', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    const { keyv } = keyvOnMemcache(closed);
    expect(await keyv.get('x')).toBeUndefined();
    expect(await keyv.set('x', 'v')).toBe(false);

    const cache = new MemcachePersonCache({ servers: closed, namespace });
    await expect(cache.get('x')).rejects.toBeInstanceOf(UnavailableError);
    await expect(cache.set('x', lease, 1000)).rejects.toBeInstanceOf(UnavailableError);
    await cache.close();
  });

  it('getMany is one get per key; ours is one write for all keys', async () => {
    const { store } = keyvOnMemcache();
    await store.get('connect');
    const keyvWrites = spyOnSocketWrites(port);
    await store.getMany(['a', 'b', 'c']);
    expect(keyvWrites.requests()).toBe(3);
    keyvWrites.restore();

    const { cache, writes } = await ourCache();
    const ids = [freshId(), freshId(), freshId()];
    await cache.set(ids[1] as string, lease, 60_000);
    writes.reset();
    const reads = await cache.getMany(ids);
    expect(writes.requests()).toBe(1);
    expect(reads.get(ids[1] as string)).toEqual(lease);
  });

  it('memjs has no gets/cas and its add returns no token; ours returns the CAS token', async () => {
    const { client } = keyvOnMemcache().store;
    expect('cas' in client).toBe(false);
    expect('gets' in client).toBe(false);
    expect(await client.add(`${namespace}-add-${freshId()}`, 'v')).toBe(true);

    const { cache } = await ourCache();
    expect(typeof (await cache.add(freshId(), lease, 60_000))).toBe('bigint');
  });

  it('the store has no disconnect, so Keyv.disconnect leaves the socket open; ours closes', async () => {
    const { store, keyv } = keyvOnMemcache();
    await keyv.set(freshId(), 'v');
    expect('disconnect' in store).toBe(false);
    await keyv.disconnect();
    const socket = (store.client as unknown as { servers: { _socket?: { destroyed: boolean } }[] })
      .servers[0]?._socket;
    expect(socket?.destroyed).toBe(false);

    const before = tcpHandles();
    const cache = new MemcachePersonCache({ servers, namespace });
    await cache.get(freshId());
    expect(tcpHandles()).toBe(before + 1);
    await cache.close();
    await vi.waitFor(() => expect(tcpHandles()).toBe(before), { timeout: 1000 });
  });
});

function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;
}
