import { UnavailableError, ValidationError } from '@cachetoggle/model';
import { memcacheWholeSeconds } from './memcache-expiry';
import type { TokenStore } from './token-store';

/** What memjs hands the callback of `perform`: a binary-protocol response. */
interface MemjsResponse {
  readonly header: { readonly status: number; readonly cas: Buffer };
  readonly val: Buffer;
}

/** The part of a memjs `Client` used here (memjs 1.x, as `@keyv/memcache` 2 holds it). */
export interface MemjsClient {
  seq: number;
  readonly options: { readonly failover?: boolean };
  incrSeq(): void;
  perform(
    key: string,
    request: Buffer,
    seq: number,
    callback: (error: Error | null, response: MemjsResponse | null) => void,
  ): void;
}

// Binary protocol opcodes and response statuses.
const GET = 0x00;
const SET = 0x01;
const ADD = 0x02;
const DELETE = 0x04;
const STATUS_OK = 0x00;
const STATUS_NOT_FOUND = 0x01;
const STATUS_EXISTS = 0x02;
const HEADER_BYTES = 24;
const NO_CAS = Buffer.alloc(8);

/**
 * The memjs client of a Keyv store, when it has one (`@keyv/memcache` keeps it as `client`).
 * Throws `ValidationError` when that client fails over: memjs then sends a key's requests to
 * another server while the first one is down, and processes that did not fail over at the same
 * moment keep reading (and filling) the first one, so one process's invalidation never
 * reaches the entry the others read.
 */
export function memjsClientOf(store: unknown): MemjsClient | undefined {
  const client = (store as { client?: Partial<MemjsClient> } | null)?.client;
  if (
    typeof client !== 'object' ||
    client === null ||
    typeof client.perform !== 'function' ||
    typeof client.incrSeq !== 'function'
  ) {
    return undefined;
  }
  if (client.options?.failover === true) {
    throw new ValidationError(
      'store',
      'is a memcached client with failover enabled: a key would move to another server while ' +
        'its own is down, and invalidations would miss the entry other processes still read; ' +
        'create it without `failover: true`',
    );
  }
  return client as MemjsClient;
}

/**
 * `TokenStore` on memcached through the memjs client of `@keyv/memcache`, with memcached's own
 * atomic operations sent as raw binary-protocol requests (memjs has no CAS in its API): `add`
 * is memcached's add, and `replaceIf` reads the item with its CAS value and writes it back
 * with that CAS, which memcached refuses if any client wrote the item in between. So the
 * conditional writes are atomic against every process on the same servers. Values are stored
 * as they are (no Keyv envelope) with whole-second expiry rounded up; the value's own expiry is
 * the precise one.
 */
export class MemjsTokenStore implements TokenStore {
  readonly #client: MemjsClient;

  constructor(client: MemjsClient) {
    this.#client = client;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#getWithCas(key))?.value;
  }

  getMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    return Promise.all(keys.map((key) => this.get(key)));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    const status = await this.#send(key, SET, value, ttlMs, NO_CAS);
    if (status !== STATUS_OK) throw failed('set', status);
  }

  async add(key: string, value: string, ttlMs: number): Promise<boolean> {
    const status = await this.#send(key, ADD, value, ttlMs, NO_CAS);
    if (status === STATUS_OK) return true;
    if (status === STATUS_EXISTS) return false;
    throw failed('add', status);
  }

  async replaceIf(
    key: string,
    accept: (current: string | undefined) => boolean,
    value: string,
    ttlMs: number,
  ): Promise<boolean> {
    const current = await this.#getWithCas(key);
    if (!accept(current?.value)) return false;
    if (current === undefined) return this.add(key, value, ttlMs);
    const status = await this.#send(key, SET, value, ttlMs, current.cas);
    if (status === STATUS_OK) return true;
    if (status === STATUS_EXISTS || status === STATUS_NOT_FOUND) return false;
    throw failed('cas', status);
  }

  async delete(key: string): Promise<void> {
    const { header } = await this.#perform(key, request(DELETE, key, Buffer.alloc(0), '', NO_CAS));
    if (header.status !== STATUS_OK && header.status !== STATUS_NOT_FOUND) {
      throw failed('delete', header.status);
    }
  }

  async #getWithCas(key: string): Promise<{ value: string; cas: Buffer } | undefined> {
    const response = await this.#perform(key, request(GET, key, Buffer.alloc(0), '', NO_CAS));
    if (response.header.status === STATUS_NOT_FOUND) return undefined;
    if (response.header.status !== STATUS_OK) throw failed('get', response.header.status);
    return { value: response.val.toString('utf8'), cas: Buffer.from(response.header.cas) };
  }

  async #send(key: string, opcode: number, value: string, ttlMs: number, cas: Buffer) {
    // Extras of set and add: 4 bytes of flags, 4 of expiry.
    const extras = Buffer.alloc(8);
    extras.writeUInt32BE(memcacheWholeSeconds(ttlMs, Date.now()), 4);
    return (await this.#perform(key, request(opcode, key, extras, value, cas))).header.status;
  }

  #perform(key: string, build: (seq: number) => Buffer): Promise<MemjsResponse> {
    const client = this.#client;
    client.incrSeq();
    const seq = client.seq;
    return new Promise((resolve, reject) => {
      client.perform(key, build(seq), seq, (error, response) => {
        if (error || !response) {
          const message = error?.message ?? 'no response';
          reject(new UnavailableError('cache', message, { cause: error }));
        } else {
          resolve(response);
        }
      });
    });
  }
}

/** A binary-protocol request, numbered by the client's sequence when it is sent. */
function request(
  opcode: number,
  key: string,
  extras: Buffer,
  value: string,
  cas: Buffer,
): (seq: number) => Buffer {
  return (seq) => {
    const keyBytes = Buffer.from(key, 'utf8');
    const valueBytes = Buffer.from(value, 'utf8');
    const body = extras.length + keyBytes.length + valueBytes.length;
    const buf = Buffer.alloc(HEADER_BYTES + body);
    buf.writeUInt8(0x80, 0);
    buf.writeUInt8(opcode, 1);
    buf.writeUInt16BE(keyBytes.length, 2);
    buf.writeUInt8(extras.length, 4);
    buf.writeUInt32BE(body, 8);
    buf.writeUInt32BE(seq, 12);
    cas.copy(buf, 16);
    extras.copy(buf, HEADER_BYTES);
    keyBytes.copy(buf, HEADER_BYTES + extras.length);
    valueBytes.copy(buf, HEADER_BYTES + extras.length + keyBytes.length);
    return buf;
  };
}

function failed(operation: string, status: number): UnavailableError {
  return new UnavailableError('cache', `memcached ${operation} failed with status ${status}`);
}
