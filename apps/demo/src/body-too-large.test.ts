import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { type AddressInfo, connect } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './test-app';

const run = promisify(execFile);

let t: TestApp;
let url: string;
beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

const MB = 1024 * 1024;

// The client runs in a process of its own, as a real one does: in the server's process it would
// share the event loop, and the server would read every chunk as soon as it was written.
const FETCH_CLIENT = `
const [url, count, megabytes, how] = process.argv.slice(1);
const text = JSON.stringify({ firstName: 'A'.repeat(Number(megabytes) * 1024 * 1024), lastName: 'B' });
// 'chunked' streams the body without a Content-Length, so the server finds it too large only
// once the limit has arrived.
const body = () => {
  if (how !== 'chunked') return text;
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + 65536));
      at += 65536;
    },
  });
};
const post = () =>
  fetch(url + '/people', { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(), duplex: 'half' })
    .then(async (r) => ({ status: r.status, body: await r.json() }))
    .catch((e) => ({ status: 0, body: String(e.cause?.code ?? e.message) }));
const answers = [];
if (how === 'parallel') answers.push(...(await Promise.all(Array.from({ length: Number(count) }, post))));
else for (let i = 0; i < Number(count); i++) answers.push(await post());
process.stdout.write(JSON.stringify(answers));
`;

async function postTooLarge(
  count: number,
  megabytes: number,
  how: 'sequential' | 'parallel' | 'chunked',
) {
  const { stdout } = await run(process.execPath, [
    '--input-type=module',
    '-e',
    FETCH_CLIENT,
    url,
    String(count),
    String(megabytes),
    how,
  ]);
  return JSON.parse(stdout) as { status: number; body: unknown }[];
}

const tooLarge = {
  status: 413,
  body: { error: { code: 'BODY_TOO_LARGE', message: 'the body is too large' } },
};

describe('a body over the limit, sent by a real client', () => {
  it('20 fetches of a 2 MB body, one after another, all read their 413 in the error shape', async () => {
    expect(await postTooLarge(20, 2, 'sequential')).toEqual(Array(20).fill(tooLarge));
  });

  it('20 at once, and 16 MB ones, more than the kernel buffers on loopback, too', async () => {
    expect(await postTooLarge(20, 2, 'parallel')).toEqual(Array(20).fill(tooLarge));
    expect(await postTooLarge(5, 16, 'sequential')).toEqual(Array(5).fill(tooLarge));
  });

  it('a chunked body, with no Content-Length, gets its 413 too', async () => {
    expect(await postTooLarge(5, 16, 'chunked')).toEqual(Array(5).fill(tooLarge));
  });

  it('the server still answers ordinary requests afterwards', async () => {
    const response = await fetch(`${url}/people/ada`);
    expect(response.status).toBe(200);
  });
});

describe('the discarding is bounded', () => {
  let small: ReturnType<typeof buildApp>;
  let port: number;
  beforeAll(async () => {
    small = buildApp({
      service: t.backends.service,
      config: { adminToken: TEST_ADMIN_TOKEN, bodyLimitBytes: 1024, maxIdsPerRequest: 10 },
      probes: t.backends.probes,
      discardLimits: { maxBytes: MB, maxMs: 300 },
    });
    await small.listen({ port: 0, host: '127.0.0.1' });
    port = (small.server.address() as AddressInfo).port;
  });
  afterAll(() => small.close());

  function openPost(contentLength: number) {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.write(
      'POST /people HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${contentLength}\r\n\r\n`,
    );
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    return { socket, answer: () => answer };
  }

  it('a client that stops sending gets its 413 once the time limit is up', async () => {
    const { socket, answer } = openPost(2 * 1024 * 1024);
    socket.write('x'.repeat(100));
    const started = Date.now();
    await once(socket, 'close');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(answer()).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer()).toContain('"code":"BODY_TOO_LARGE"');
  });

  it('a client that sends without end is cut off past the byte limit', async () => {
    const total = 256 * 1024 * 1024;
    const { socket } = openPost(total);
    const chunk = Buffer.alloc(64 * 1024, 120);
    let sent = 0;
    let closed = false;
    socket.once('close', () => {
      closed = true;
    });
    while (!closed && sent < total) {
      sent += chunk.length;
      if (!socket.write(chunk)) {
        await new Promise((resolve) => {
          socket.once('drain', resolve);
          socket.once('close', resolve);
        });
      }
    }
    expect(closed).toBe(true);
    expect(sent).toBeLessThan(total / 4);
  });
});
