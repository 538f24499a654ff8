import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientErrorReplyFor } from './client-error';
import { startTestApp, type TestApp } from './test-app';

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t.close());

/** Writes `bytes` on a fresh connection and resolves with everything read until it closes. */
function exchange(bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk;
    });
    // The server closes with request bytes unread; what it wrote first is what counts.
    socket.on('error', () => resolve(received));
    socket.on('close', () => resolve(received));
    socket.write(bytes);
  });
}

function parseAnswer(raw: string): { status: string; contentType: string; body: unknown } {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const [status = '', ...headers] = head.split('\r\n');
  const contentType = headers.find((h) => h.toLowerCase().startsWith('content-type:')) ?? '';
  return { status, contentType, body: JSON.parse(body) };
}

describe('requests that Node refuses before the app sees them', () => {
  it("a URL over Node's 16 KiB header limit is a 431 in the API's error shape, and the server goes on", async () => {
    const raw = await exchange(`GET /people/${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    const answer = parseAnswer(raw);
    expect(answer.status).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(answer.contentType).toMatch(/application\/json/);
    expect(answer.body).toEqual({
      error: { code: 'HEADERS_TOO_LARGE', message: 'the URL or headers are too large' },
    });
    const entry = t.logs.findLast((line) => line.code === 'HEADERS_TOO_LARGE');
    expect(entry).toMatchObject({ level: 30, statusCode: 431 });
    expect(JSON.stringify(entry)).not.toMatch(/stack|xxxx/);

    const next = await exchange('GET /mode HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(next).toMatch(/^HTTP\/1\.1 200 /);
  });

  it("bytes that are not HTTP are a 400 in the API's error shape", async () => {
    const answer = parseAnswer(await exchange('HELLO THERE\r\n\r\n'));
    expect(answer.status).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer.body).toEqual({
      error: { code: 'BAD_REQUEST', message: 'the request is not valid HTTP' },
    });
  });

  it('a request too slow to arrive is a 408', () => {
    const timeout = Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' });
    expect(clientErrorReplyFor(timeout)).toMatchObject({
      statusCode: 408,
      body: { error: { code: 'REQUEST_TIMEOUT' } },
    });
  });
});
