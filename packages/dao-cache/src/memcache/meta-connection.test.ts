import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { UnavailableError } from '@cachetoggle/model';
import { afterEach, describe, expect, it } from 'vitest';
import { MemcachePersonCache } from '../memcache-person-cache';

// The deadline, against a server in another process that answers every `mg` with `EN` after a
// delay of our choosing: it keeps answering while this process's event loop is stalled.

const SLOW_SERVER = `
const net = require('node:net');
const delay = Number(process.argv[1]);
let connections = 0;
net.createServer((socket) => {
  const answer = ++connections === 1 ? process.argv[2] : 'EN\\r\\n';
  socket.on('error', () => {});
  socket.on('data', (data) => {
    const gets = data.toString('latin1').split('\\r\\n').filter((line) => line.startsWith('mg ')).length;
    setTimeout(() => socket.write(answer.repeat(gets)), delay);
  });
}).listen(0, '127.0.0.1', function () {
  process.stdout.write(this.address().port + '\\n');
});
`;

const children: ChildProcess[] = [];

/**
 * A memcached stand-in answering each `mg` with `answer` (a miss by default) after `delayMs`, on
 * its first connection (later ones answer misses); resolves with its `host:port`.
 */
async function startSlowServer(delayMs: number, answer = 'EN\r\n'): Promise<string> {
  const child = spawn(process.execPath, ['-e', SLOW_SERVER, String(delayMs), answer], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const [line] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  return `127.0.0.1:${line.toString().trim()}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

async function timed<T>(promise: Promise<T>): Promise<{ ms: number; outcome: T | unknown }> {
  const started = performance.now();
  const outcome = await promise.catch((error: unknown) => error);
  return { ms: performance.now() - started, outcome };
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill();
    await once(child, 'exit');
  }
});

describe('the deadline of a request', () => {
  it('an answer that comes within the timeout is taken', async () => {
    const cache = new MemcachePersonCache({ servers: await startSlowServer(40), timeoutMs: 300 });
    await cache.get('warm');
    const { outcome } = await timed(cache.get('slow'));
    expect(outcome).toEqual({ kind: 'miss' });
    await cache.close();
  });

  it('no answer: the request fails after 1 to 1.5 timeouts (under 3 on a busy machine)', async () => {
    const cache = new MemcachePersonCache({
      servers: await startSlowServer(60_000),
      timeoutMs: 200,
    });
    const { ms, outcome } = await timed(cache.get('never'));
    expect(outcome).toBeInstanceOf(UnavailableError);
    expect(ms).toBeGreaterThanOrEqual(200 * 0.95);
    expect(ms).toBeLessThan(200 * 3);
    await cache.close();
  });

  it('an answer that arrived while the event loop was stalled past the deadline is taken', async () => {
    // timeoutMs 400: the watchdog ticks 200, 400, 600 ms after the cache is made, and fails a
    // request sent at 10 ms at the 600 ms tick. The answer comes at ~480 ms, before that; but this
    // process is busy from 440 to 900 ms (in the check phase, as a long I/O callback would be),
    // so when it wakes, the 600 ms tick runs before the socket is read. The answer waiting on the
    // socket must win.
    const servers = await startSlowServer(470);
    for (let round = 0; round < 2; round++) {
      const cache = new MemcachePersonCache({ servers, timeoutMs: 400 });
      await sleep(10);
      const read = cache.get(`stalled-${round}`);
      await new Promise<void>((resolve) => {
        setTimeout(() => setImmediate(() => resolve(stall(460))), 430);
      });
      expect(await read).toEqual({ kind: 'miss' });
      await cache.close();
    }
  });

  it('a deadline failure fails every request of the connection with the same error', async () => {
    const cache = new MemcachePersonCache({
      servers: await startSlowServer(60_000),
      timeoutMs: 100,
    });
    const outcomes = await Promise.all(
      Array.from({ length: 16 }, (_, i) => timed(cache.get(`queued-${i}`))),
    );
    for (const { outcome } of outcomes) expect(outcome).toBeInstanceOf(UnavailableError);
    const messages = new Set(outcomes.map(({ outcome }) => (outcome as Error).message));
    expect(messages.size).toBe(1);
    await cache.close();
  });
});

describe('a server that answers outside the protocol', () => {
  it.each([
    ['CLIENT_ERROR bad command line format\r\n', /refused a request: bad command line format/],
    ['ERROR\r\n', /refused a request: ERROR/],
    ['HELLO\r\n', /outside the meta protocol/],
    ['VA 2\r\nabcd\r\n', /outside the meta protocol/],
  ])(
    '%j: every request of the connection fails, and the next one connects again',
    async (answer, message) => {
      const cache = new MemcachePersonCache({
        servers: await startSlowServer(0, answer),
        timeoutMs: 1000,
      });
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) => cache.get(`garbled-${i}`).catch((error) => error)),
      );
      for (const outcome of outcomes) {
        expect(outcome).toBeInstanceOf(UnavailableError);
        expect((outcome as Error).message).toMatch(message);
      }
      expect(await cache.get('again')).toEqual({ kind: 'miss' });
      await cache.close();
    },
  );
});
