import { UnavailableError } from '@cachetoggle/model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetaFlag, type MetaResponse, MetaStatus } from './meta-response';
import { MAX_META_LINE_BYTES, MetaResponseParser } from './meta-response-parser';

/** What a test expects of one response, and its bytes on the wire. */
interface Expected {
  readonly status: number;
  readonly flags: string;
  readonly value: Buffer | undefined;
  readonly wire: Buffer;
}

/** What the parser reported for one response (copied: the view is reused). */
function seen(response: MetaResponse) {
  const hasValue = response.status === MetaStatus.value;
  return {
    status: response.status,
    flags: response.buffer.toString('latin1', response.flagsStart, response.flagsEnd).trim(),
    value: hasValue
      ? Buffer.from(response.buffer.subarray(response.valueStart, response.valueEnd))
      : undefined,
  };
}

/**
 * Feeds `chunks` as a socket's `onread` does: each one in the same buffer, which is
 * overwritten as soon as `feed` returns.
 */
function parseAll(chunks: readonly Buffer[]) {
  const out: ReturnType<typeof seen>[] = [];
  const parser = new MetaResponseParser((response) => out.push(seen(response)));
  const shared = Buffer.alloc(Math.max(1, ...chunks.map((chunk) => chunk.length)));
  for (const chunk of chunks) {
    chunk.copy(shared);
    parser.feed(shared.subarray(0, chunk.length));
    shared.fill(0x58);
  }
  return { out, pendingBytes: parser.pendingBytes };
}

const flag = fc.oneof(
  fc.constantFrom('W', 'Z', 'X'),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((cas) => `c${cas}`),
  fc.integer({ min: -1, max: 2 ** 31 }).map((ttl) => `t${ttl}`),
  fc.nat(100_000).map((opaque) => `O${opaque}`),
  fc.stringMatching(/^k[!-~]{1,250}$/),
);
const flags = fc.array(flag, { maxLength: 6 }).map((list) => list.join(' '));
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((array) => Buffer.from(array)),
  fc
    .array(fc.constantFrom('\r\n', '\r', '\n', 'VA 3 c1\r\n', 'EN\r\n', 'MN\r\n', 'x', 'é'), {
      maxLength: 40,
    })
    .map((parts) => Buffer.from(parts.join(''))),
);
const response: fc.Arbitrary<Expected> = fc.oneof(
  fc.record({ flags, value: bytes }).map(({ flags, value }) => ({
    status: MetaStatus.value,
    flags,
    value,
    wire: Buffer.concat([
      Buffer.from(`VA ${value.length}${flags ? ` ${flags}` : ''}\r\n`, 'latin1'),
      value,
      Buffer.from('\r\n'),
    ]),
  })),
  fc.record({ flags, code: fc.constantFrom('HD') }).map(({ flags, code }) => ({
    status: MetaStatus.done,
    flags,
    value: undefined,
    wire: Buffer.from(`${code}${flags ? ` ${flags}` : ''}\r\n`, 'latin1'),
  })),
  fc
    .constantFrom(
      ['EN', MetaStatus.miss],
      ['NF', MetaStatus.notFound],
      ['NS', MetaStatus.notStored],
      ['EX', MetaStatus.exists],
      ['MN', MetaStatus.noop],
    )
    .map(([code, status]) => ({
      status: status as number,
      flags: '',
      value: undefined,
      wire: Buffer.from(`${code}\r\n`),
    })),
  fc.stringMatching(/^[ -~]{0,60}$/).map((message) => ({
    status: MetaStatus.serverError,
    flags: message.trim(),
    value: undefined,
    wire: Buffer.from(`SERVER_ERROR ${message}\r\n`, 'latin1'),
  })),
);

/** `stream` cut at `cuts` (offsets, any order, duplicates allowed). */
function cutAt(stream: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (stream.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of [...points, stream.length]) {
    if (point > start) chunks.push(stream.subarray(start, point));
    start = Math.max(start, point);
  }
  return chunks;
}

describe('MetaResponseParser', () => {
  it('reads any sequence of responses however the stream is cut, binary values included', () => {
    fc.assert(
      fc.property(
        fc.array(response, { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (responses, cuts) => {
          const stream = Buffer.concat(responses.map((r) => r.wire));
          const { out, pendingBytes } = parseAll(cutAt(stream, cuts));
          expect(pendingBytes).toBe(0);
          expect(out).toEqual(
            responses.map(({ status, flags, value }) => ({ status, flags, value })),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('byte by byte, a value spanning many chunks is joined once its last byte arrives', () => {
    const value = Buffer.from('ab\r\ncd\r\nVA 2\r\n\r\n');
    const stream = Buffer.from(
      `VA ${value.length} W c7\r\n${value.toString('latin1')}\r\nEN\r\n`,
      'latin1',
    );
    const chunks = [...stream].map((byte) => Buffer.from([byte]));
    const { out } = parseAll(chunks);
    expect(out).toEqual([
      { status: MetaStatus.value, flags: 'W c7', value },
      { status: MetaStatus.miss, flags: '', value: undefined },
    ]);
  });

  it('reads flags: W/Z, numbers, CAS up to 64 bits', () => {
    const checks: [string, (r: MetaResponse) => unknown, unknown][] = [
      ['HD W c18446744073709551615 t-1 O42\r\n', (r) => r.cas(), 2n ** 64n - 1n],
      ['HD W c1 t-1 O42\r\n', (r) => r.winFlag(), MetaFlag.won],
      ['HD c1 Z\r\n', (r) => r.winFlag(), MetaFlag.taken],
      ['HD c1 kWZ\r\n', (r) => r.winFlag(), 0],
      ['HD W c1 t-1 O42\r\n', (r) => r.numberFlag(MetaFlag.opaque), 42],
      ['HD W c1 O-42\r\n', (r) => r.numberFlag(MetaFlag.opaque), -1],
      ['HD c1\r\n', (r) => r.numberFlag(MetaFlag.opaque), -1],
      ['HD c18446744073709551616\r\n', (r) => r.cas(), undefined],
      ['HD cx\r\n', (r) => r.cas(), undefined],
      ['HD c12x4 t-1\r\n', (r) => r.cas(), undefined],
      ['HD c-1\r\n', (r) => r.cas(), undefined],
      ['HD c\r\n', (r) => r.cas(), undefined],
      ['HD c0\r\n', (r) => r.cas(), 0n],
      ['HD c999999999999999 t-1\r\n', (r) => r.cas(), 999_999_999_999_999n],
      ['HD c9007199254740993\r\n', (r) => r.cas(), 9_007_199_254_740_993n],
      ['HD c123456789012345678901\r\n', (r) => r.cas(), undefined],
      ['VA 2 Z\r\nW \r\n', (r) => r.winFlag(), MetaFlag.taken],
      ['VA 2\r\nW \r\n', (r) => r.winFlag(), 0],
    ];
    for (const [wire, read, expected] of checks) {
      let result: unknown = 'no response';
      new MetaResponseParser((r) => {
        result = read(r);
      }).feed(Buffer.from(wire, 'latin1'));
      expect(result, wire).toEqual(expected);
    }
  });

  it.each([
    ['an unknown code', 'OK\r\n'],
    ['a line without \\r', 'HD\n'],
    ['a value size that is not a number', 'VA x\r\nab\r\n'],
    ['a value without a size', 'VA\r\n'],
    ['a value not followed by \\r\\n', 'VA 2\r\nabcd\r\n'],
    ['a line that never ends', 'H'.repeat(MAX_META_LINE_BYTES + 2)],
    ['a value size beyond 1 GiB', 'VA 9999999999\r\n'],
  ])('refuses %s with UnavailableError', (_, wire) => {
    const parser = new MetaResponseParser(() => {});
    expect(() => parser.feed(Buffer.from(wire, 'latin1'))).toThrow(UnavailableError);
  });

  it('treats error lines as responses: SERVER_ERROR, CLIENT_ERROR, ERROR', () => {
    const { out } = parseAll([
      Buffer.from('SERVER_ERROR object too large for cache\r\nCLIENT_ERROR bad data\r\nERROR\r\n'),
    ]);
    expect(out.map((r) => [r.status, r.flags])).toEqual([
      [MetaStatus.serverError, 'object too large for cache'],
      [MetaStatus.clientError, 'bad data'],
      [MetaStatus.error, ''],
    ]);
  });
});
