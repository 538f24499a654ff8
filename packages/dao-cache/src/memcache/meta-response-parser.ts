import { UnavailableError } from '@cachetoggle/model';
import { MetaResponse, MetaStatus, type MetaStatusCode } from './meta-response';

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const DIGIT_0 = 0x30;

/**
 * Longest response line accepted. Real lines are short (a code, a size, a few flags, at most a
 * 250-byte key); a stream without a line end this long is not memcached talking.
 */
export const MAX_META_LINE_BYTES = 8 * 1024;

/** Largest value a response may announce (memcached's item size limit is at most 1 GiB). */
const MAX_VALUE_BYTES = 1024 * 1024 * 1024;

/**
 * Reads meta-protocol responses from a byte stream cut into chunks anywhere (inside a line,
 * inside a value, between the `\r` and the `\n`), and calls `onResponse` once per response, in
 * order. Values are counted in bytes, never searched for line ends, so they may hold anything,
 * `\r\n` included. A chunk may be a view of a buffer the caller reuses after `feed` returns: the
 * bytes of a response that spans chunks are copied (only those), and a value that spans many
 * chunks is joined once, when its last byte has arrived.
 *
 * `feed` throws `UnavailableError` for a stream that is not the meta protocol; the stream cannot
 * be resynchronised after that, so the connection must be dropped.
 */
export class MetaResponseParser {
  readonly #onResponse: (response: MetaResponse) => void;
  readonly #response = new MetaResponse();
  #held: Buffer[] = [];
  #heldBytes = 0;
  /** Bytes that must be held before parsing again is worth it. */
  #needed = 0;

  constructor(onResponse: (response: MetaResponse) => void) {
    this.#onResponse = onResponse;
  }

  /** Parses `chunk`, the next bytes of the stream. */
  feed(chunk: Buffer): void {
    let buffer = chunk;
    if (this.#heldBytes > 0) {
      this.#held.push(Buffer.from(chunk));
      this.#heldBytes += chunk.length;
      if (this.#heldBytes < this.#needed) return;
      buffer = Buffer.concat(this.#held, this.#heldBytes);
      this.#held = [];
      this.#heldBytes = 0;
    }
    let offset = 0;
    while (offset < buffer.length) {
      const next = this.#parseOne(buffer, offset);
      if (next < 0) {
        this.#hold(buffer, offset, -next);
        return;
      }
      offset = next;
    }
  }

  /** Bytes received but not yet parsed (a partial response). */
  get pendingBytes(): number {
    return this.#heldBytes;
  }

  /**
   * Parses the response at `offset` and returns the offset after it, or, when the buffer ends
   * before the response does, minus the number of bytes from `offset` that must be present.
   */
  #parseOne(buffer: Buffer, offset: number): number {
    const lf = buffer.indexOf(LF, offset);
    if (lf < 0) {
      const have = buffer.length - offset;
      if (have > MAX_META_LINE_BYTES) throw protocolError('a response line has no end');
      return -(have + 1);
    }
    if (lf === offset || buffer[lf - 1] !== CR)
      throw protocolError('a line does not end in \\r\\n');
    const lineEnd = lf - 1;
    const status = statusOf(buffer, offset, lineEnd);
    const response = this.#response;
    response.buffer = buffer;
    response.status = status;
    response.flagsEnd = lineEnd;
    if (status !== MetaStatus.value) {
      response.flagsStart = flagsStartOf(offset, lineEnd, status);
      response.valueStart = response.valueEnd = lf + 1;
      this.#onResponse(response);
      return lf + 1;
    }
    let i = offset + 3;
    let size = 0;
    for (; i < lineEnd && buffer[i] !== SPACE; i++) {
      const digit = (buffer[i] as number) - DIGIT_0;
      if (digit < 0 || digit > 9) throw protocolError('a value size is not a number');
      size = size * 10 + digit;
      if (size > MAX_VALUE_BYTES) throw protocolError('a value size is too large');
    }
    if (i === offset + 3) throw protocolError('a value has no size');
    const valueStart = lf + 1;
    const end = valueStart + size + 2;
    if (end > buffer.length) return -(end - offset);
    if (buffer[end - 2] !== CR || buffer[end - 1] !== LF) {
      throw protocolError('a value is not followed by \\r\\n');
    }
    response.flagsStart = i;
    response.valueStart = valueStart;
    response.valueEnd = end - 2;
    this.#onResponse(response);
    return end;
  }

  #hold(buffer: Buffer, offset: number, needed: number): void {
    this.#held = [Buffer.from(buffer.subarray(offset))];
    this.#heldBytes = buffer.length - offset;
    this.#needed = needed;
  }
}

const META_CODES: ReadonlySet<number> = new Set([
  MetaStatus.value,
  MetaStatus.done,
  MetaStatus.miss,
  MetaStatus.notFound,
  MetaStatus.notStored,
  MetaStatus.exists,
  MetaStatus.noop,
]);

function statusOf(buffer: Buffer, start: number, lineEnd: number): MetaStatusCode {
  const length = lineEnd - start;
  if (length >= 2 && (length === 2 || buffer[start + 2] === SPACE)) {
    const code = ((buffer[start] as number) << 8) | (buffer[start + 1] as number);
    if (META_CODES.has(code)) return code as MetaStatusCode;
  }
  if (startsWith(buffer, start, lineEnd, 'SERVER_ERROR')) return MetaStatus.serverError;
  if (startsWith(buffer, start, lineEnd, 'CLIENT_ERROR')) return MetaStatus.clientError;
  if (startsWith(buffer, start, lineEnd, 'ERROR')) return MetaStatus.error;
  throw protocolError('an unknown response code');
}

function flagsStartOf(start: number, lineEnd: number, status: MetaStatusCode): number {
  if (status === MetaStatus.serverError || status === MetaStatus.clientError) {
    return Math.min(start + 'SERVER_ERROR'.length, lineEnd);
  }
  if (status === MetaStatus.error) return Math.min(start + 'ERROR'.length, lineEnd);
  return start + 2;
}

function startsWith(buffer: Buffer, start: number, end: number, text: string): boolean {
  if (end - start < text.length) return false;
  for (let i = 0; i < text.length; i++) {
    if (buffer[start + i] !== text.charCodeAt(i)) return false;
  }
  return true;
}

function protocolError(what: string): UnavailableError {
  return new UnavailableError('cache', `memcached answered outside the meta protocol: ${what}`);
}
