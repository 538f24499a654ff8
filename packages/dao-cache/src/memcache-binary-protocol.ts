/**
 * The few pieces of memcached's binary protocol this package speaks itself: memjs 1.3 has no
 * CAS, no multi-get and no quiet commands in its API, but its connection carries any request.
 * Keys are built by `CacheKeyScheme`, so they are ASCII and one byte per character.
 */

/** Request opcodes. */
export const Opcode = {
  get: 0x00,
  set: 0x01,
  add: 0x02,
  delete: 0x04,
  noop: 0x0a,
  getKQ: 0x0d,
} as const;

/** Response status codes. */
export const Status = {
  ok: 0x00,
  keyNotFound: 0x01,
  keyExists: 0x02,
  valueTooLarge: 0x03,
  itemNotStored: 0x05,
} as const;

const HEADER_BYTES = 24;
const REQUEST_MAGIC = 0x80;
const STORE_EXTRAS_BYTES = 8;

/** A request with only a key (get, delete). The opaque is set by whoever sends it. */
export function keyRequest(opcode: number, key: string): Buffer {
  const buffer = Buffer.allocUnsafe(HEADER_BYTES + key.length);
  writeHeader(buffer, 0, opcode, key.length, 0, key.length, 0n);
  buffer.write(key, HEADER_BYTES, 'latin1');
  return buffer;
}

/**
 * A set or add of `value` (UTF-8) with flags 0 and `exptime` seconds. A non-zero `cas` makes a
 * set conditional: the server stores only while the item's CAS is still `cas`.
 */
export function storeRequest(
  opcode: number,
  key: string,
  value: string,
  valueBytes: number,
  exptime: number,
  cas: bigint,
): Buffer {
  const bodyBytes = STORE_EXTRAS_BYTES + key.length + valueBytes;
  const buffer = Buffer.allocUnsafe(HEADER_BYTES + bodyBytes);
  writeHeader(buffer, 0, opcode, key.length, STORE_EXTRAS_BYTES, bodyBytes, cas);
  buffer.writeUInt32BE(0, HEADER_BYTES);
  buffer.writeUInt32BE(exptime, HEADER_BYTES + 4);
  buffer.write(key, HEADER_BYTES + STORE_EXTRAS_BYTES, 'latin1');
  buffer.write(value, HEADER_BYTES + STORE_EXTRAS_BYTES + key.length, 'utf8');
  return buffer;
}

/**
 * One buffer holding a quiet get-with-key per key and a closing noop, all with the opaque
 * `opaque`: the server answers only the hits, then the noop, so one write and one wait read
 * any number of keys.
 */
export function multiGetRequest(keys: readonly string[], opaque: number): Buffer {
  let bytes = HEADER_BYTES;
  for (const key of keys) bytes += HEADER_BYTES + key.length;
  const buffer = Buffer.allocUnsafe(bytes);
  let offset = 0;
  for (const key of keys) {
    writeHeader(buffer, offset, Opcode.getKQ, key.length, 0, key.length, 0n, opaque);
    buffer.write(key, offset + HEADER_BYTES, 'latin1');
    offset += HEADER_BYTES + key.length;
  }
  writeHeader(buffer, offset, Opcode.noop, 0, 0, 0, 0n, opaque);
  return buffer;
}

/** Sets the opaque (the sequence number memjs routes the response by) of a single request. */
export function setOpaque(request: Buffer, opaque: number): void {
  request.writeUInt32BE(opaque, 12);
}

/** The CAS of a response header (memjs hands it over as 8 raw bytes). */
export function readCas(cas: Buffer): bigint {
  return cas.readBigUInt64BE(0);
}

function writeHeader(
  buffer: Buffer,
  offset: number,
  opcode: number,
  keyBytes: number,
  extrasBytes: number,
  bodyBytes: number,
  cas: bigint,
  opaque = 0,
): void {
  buffer.writeUInt8(REQUEST_MAGIC, offset);
  buffer.writeUInt8(opcode, offset + 1);
  buffer.writeUInt16BE(keyBytes, offset + 2);
  buffer.writeUInt8(extrasBytes, offset + 4);
  buffer.writeUInt8(0, offset + 5);
  buffer.writeUInt16BE(0, offset + 6);
  buffer.writeUInt32BE(bodyBytes, offset + 8);
  buffer.writeUInt32BE(opaque, offset + 12);
  buffer.writeBigUInt64BE(cas, offset + 16);
}
