import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

let echo: Server;
let proxy: TcpProxy;

beforeAll(async () => {
  echo = createServer((socket) => socket.pipe(socket));
  echo.listen(0, '127.0.0.1');
  await once(echo, 'listening');
  const address = echo.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  proxy = await startTcpProxy({ target: { host: '127.0.0.1', port: address.port } });
});

afterAll(async () => {
  await proxy?.close();
  echo?.close();
});

/** Connects through the proxy; resolves with the socket, or rejects with the connect error. */
async function open(): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port: proxy.port });
  await Promise.race([
    once(socket, 'connect'),
    once(socket, 'error').then(([error]) => {
      throw error;
    }),
  ]);
  return socket;
}

/** What comes back for `text` within `ms` (undefined when nothing does). */
async function roundTrip(socket: Socket, text: string, ms = 200): Promise<string | undefined> {
  socket.write(text);
  const answer = once(socket, 'data').then(([data]) => String(data));
  const silence = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms));
  return Promise.race([answer, silence]);
}

describe('TcpProxy', () => {
  it('forwards in pass mode', async () => {
    const socket = await open();
    expect(await roundTrip(socket, 'ping')).toBe('ping');
    socket.destroy();
  });

  it('refuses new connections and cuts the open ones in refuse mode, and recovers', async () => {
    const socket = await open();
    const closed = once(socket, 'close');
    await proxy.setMode('refuse');
    await closed;
    await expect(open()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await proxy.setMode('pass');
    const again = await open();
    expect(await roundTrip(again, 'back')).toBe('back');
    again.destroy();
  });

  it('accepts but answers nothing in hang mode, then cuts the held connections', async () => {
    const before = await open();
    await proxy.setMode('hang');
    const held = await open();
    expect(await roundTrip(held, 'anyone?')).toBeUndefined();
    expect(await roundTrip(before, 'still there?')).toBeUndefined();
    const closed = once(held, 'close');
    await proxy.setMode('pass');
    await closed;
    const fresh = await open();
    expect(await roundTrip(fresh, 'ok')).toBe('ok');
    fresh.destroy();
    before.destroy();
  });

  it('cutAll destroys every open connection', async () => {
    const socket = await open();
    const closed = once(socket, 'close');
    proxy.cutAll();
    await closed;
    expect(proxy.openConnections).toBe(0);
  });
});
