import { UnavailableError } from '@cachetoggle/model';

/**
 * The status of a meta-protocol response line: its two-letter code as a number (`VA` is
 * `0x5641`), so comparing a status costs one integer comparison. The error lines of the text
 * protocol get codes of their own.
 */
export const MetaStatus = {
  /** A value follows (`mg … v`). */
  value: 0x5641,
  /** Success without a value: stored, deleted, or a hit of an `mg` without `v`. */
  done: 0x4844,
  /** `mg` miss. */
  miss: 0x454e,
  /** Not found (`md`, or `ms C…` of a vanished item). */
  notFound: 0x4e46,
  /** Not stored (`ms ME` while the key is present). */
  notStored: 0x4e53,
  /** CAS mismatch. */
  exists: 0x4558,
  /** The answer to `mn`: every request before it was answered. */
  noop: 0x4d4e,
  /** `CLIENT_ERROR …`: the server could not parse a request. */
  clientError: 1,
  /** `SERVER_ERROR …`: the server could not do what was asked (too large, out of memory). */
  serverError: 2,
  /** `ERROR`: an unknown command. */
  error: 3,
} as const;

/** One past the largest CAS memcached can give (it is a 64-bit counter). */
const CAS_LIMIT = 1n << 64n;

/** One of the `MetaStatus` values. */
export type MetaStatusCode = (typeof MetaStatus)[keyof typeof MetaStatus];

const SPACE = 0x20;
const DIGIT_0 = 0x30;
const MINUS = 0x2d;

/** Flag letters of `mg` responses this package reads. */
export const MetaFlag = {
  /** `c<cas>`: the item's CAS. */
  cas: 0x63,
  /** `O<opaque>`: the opaque the request carried. */
  opaque: 0x4f,
  /** `W`: this client won the right to fill or refresh the item. */
  won: 0x57,
  /** `Z`: another client already won it. */
  taken: 0x5a,
} as const;

/**
 * A view of the response the parser just read, valid only during the callback it is passed to
 * (the parser reuses one object and the bytes belong to the socket's buffer): read what you
 * need, never keep it. Reading it allocates nothing but what an accessor returns.
 */
export class MetaResponse {
  /** One of `MetaStatus`. */
  status: MetaStatusCode = MetaStatus.noop;
  /** The buffer holding the line and the value. */
  buffer: Buffer = Buffer.alloc(0);
  /** Where the flags start in `buffer` (after the code, and after the size of a `VA`). */
  flagsStart = 0;
  /** Where the flags end (the line's `\r`). */
  flagsEnd = 0;
  /** Where the value starts; equal to `valueEnd` when there is none. */
  valueStart = 0;
  /** Where the value ends (before its `\r\n`). */
  valueEnd = 0;

  /** True when the flag letter `flag` (a `MetaFlag`) is in the response. */
  hasFlag(flag: number): boolean {
    return this.#find(flag) >= 0;
  }

  /** The unsigned decimal after the flag letter `flag`, or -1 when absent or not one. */
  numberFlag(flag: number): number {
    const start = this.#find(flag);
    if (start < 0) return -1;
    const { buffer } = this;
    let value = 0;
    let i = start + 1;
    if (i < this.flagsEnd && buffer[i] === MINUS) return -1;
    for (; i < this.flagsEnd && buffer[i] !== SPACE; i++) {
      const digit = (buffer[i] as number) - DIGIT_0;
      if (digit < 0 || digit > 9) return -1;
      value = value * 10 + digit;
    }
    return i === start + 1 ? -1 : value;
  }

  /**
   * `MetaFlag.won` when the response carries `W`, `MetaFlag.taken` for `Z`, else 0 (one scan of
   * the flags for the question every lease read asks).
   */
  winFlag(): number {
    const { buffer, flagsEnd } = this;
    let i = this.flagsStart;
    while (i < flagsEnd) {
      const letter = buffer[i];
      if (letter === MetaFlag.won || letter === MetaFlag.taken) return letter;
      while (i < flagsEnd && buffer[i] !== SPACE) i++;
      i++;
    }
    return 0;
  }

  /** The CAS of `c<cas>`, exact up to 64 bits; `undefined` when absent or malformed. */
  cas(): bigint | undefined {
    const start = this.#find(MetaFlag.cas);
    if (start < 0) return undefined;
    // Summed from the bytes: every lease read and fill pays this. Up to 15 digits are exact as
    // a double; only a CAS past that (a server that has stored 10^15 items) is parsed as text.
    const { buffer, flagsEnd } = this;
    let end = start + 1;
    let value = 0;
    while (end < flagsEnd && buffer[end] !== SPACE) {
      const digit = (buffer[end] as number) - 48;
      if (digit < 0 || digit > 9) return undefined;
      value = value * 10 + digit;
      end++;
    }
    const length = end - start - 1;
    if (length === 0 || length > 20) return undefined;
    if (length <= 15) return BigInt(value);
    const cas = BigInt(buffer.toString('latin1', start + 1, end));
    return cas < CAS_LIMIT ? cas : undefined;
  }

  /** The value as UTF-8 text (empty when there is none). */
  valueText(): string {
    return this.buffer.toString('utf8', this.valueStart, this.valueEnd);
  }

  /** The value's length in bytes. */
  get valueBytes(): number {
    return this.valueEnd - this.valueStart;
  }

  /** The text after the code of an error line, for messages (`object too large for cache`). */
  message(): string {
    return this.buffer.toString('latin1', this.flagsStart, this.flagsEnd).trim();
  }

  /** Index of the token that starts with `flag`, or -1. */
  #find(flag: number): number {
    const { buffer, flagsEnd } = this;
    let i = this.flagsStart;
    while (i < flagsEnd) {
      if (buffer[i] === SPACE) {
        i++;
        continue;
      }
      if (buffer[i] === flag) return i;
      while (i < flagsEnd && buffer[i] !== SPACE) i++;
    }
    return -1;
  }
}

/** The `UnavailableError` for a response `operation` did not expect. */
export function unexpectedResponse(operation: string, response: MetaResponse): UnavailableError {
  const code =
    response.status === MetaStatus.serverError
      ? `SERVER_ERROR ${response.message()}`
      : String.fromCharCode(response.status >> 8, response.status & 0xff);
  return new UnavailableError('cache', `${operation} answered ${code}`);
}
