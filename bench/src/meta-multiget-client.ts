import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

const CRLF = Buffer.from('\r\n');

/** A request waiting for its answer; `take` consumes one line (and its data block) at a time. */
interface PendingRequest {
  /** Returns false while the request wants more lines. */
  take(line: string, data: Buffer | undefined): boolean;
  fail(error: Error): void;
}

/**
 * The least code that reads 100 keys from memcached in one request: pipelined meta gets,
 * `mg <key> v k q` per key (quiet: only hits answer, each naming its key) closed by `mn`, all
 * in one socket write, over one connection to one server. It is the raw floor a multi-get
 * baseline should be measured against: no key checks, no timeouts, no reconnects, no hashing.
 */
export class MetaMultiGetClient {
  readonly #socket: Socket;
  readonly #pending: PendingRequest[] = [];
  #buffer: Buffer = Buffer.alloc(0);

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', (error) => this.#failAll(error));
    socket.on('close', () => this.#failAll(new Error('memcached connection closed')));
  }

  /** Connects to `hostPort` (`host:port`). */
  static async connect(hostPort: string): Promise<MetaMultiGetClient> {
    const colon = hostPort.lastIndexOf(':');
    const socket = connect(Number(hostPort.slice(colon + 1)), hostPort.slice(0, colon));
    await once(socket, 'connect');
    return new MetaMultiGetClient(socket);
  }

  /** Stores `value` under `key` for `ttlSeconds` (`ms`). */
  set(key: string, value: string, ttlSeconds: number): Promise<void> {
    const data = Buffer.from(value);
    return new Promise((resolve, reject) => {
      this.#pending.push({
        take: (line) => {
          if (line === 'HD') resolve();
          else reject(new Error(`ms ${key}: ${line}`));
          return true;
        },
        fail: reject,
      });
      this.#socket.write(
        Buffer.concat([Buffer.from(`ms ${key} ${data.length} T${ttlSeconds}\r\n`), data, CRLF]),
      );
    });
  }

  /** The values of the `keys` that are stored, in one round trip. */
  getMany(keys: readonly string[]): Promise<Map<string, string>> {
    let request = '';
    for (const key of keys) request += `mg ${key} v k q\r\n`;
    request += 'mn\r\n';
    const found = new Map<string, string>();
    return new Promise((resolve, reject) => {
      this.#pending.push({
        take: (line, data) => {
          if (line === 'MN') {
            resolve(found);
            return true;
          }
          if (data === undefined) {
            reject(new Error(`mg: ${line}`));
            return true;
          }
          found.set(line.slice(line.indexOf(' k') + 2).split(' ', 1)[0] as string, data.toString());
          return false;
        },
        fail: reject,
      });
      this.#socket.write(request);
    });
  }

  /** Closes the connection. */
  close(): void {
    this.#socket.end();
  }

  #receive(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    let offset = 0;
    for (;;) {
      const end = this.#buffer.indexOf(CRLF, offset);
      if (end === -1) break;
      const line = this.#buffer.toString('latin1', offset, end);
      let data: Buffer | undefined;
      let next = end + 2;
      if (line.startsWith('VA ')) {
        const size = Number.parseInt(line.slice(3), 10);
        if (this.#buffer.length < next + size + 2) break;
        data = this.#buffer.subarray(next, next + size);
        next += size + 2;
      }
      offset = next;
      const request = this.#pending[0];
      if (request === undefined) throw new Error(`memcached answered nothing asked: ${line}`);
      if (request.take(line, data)) this.#pending.shift();
    }
    this.#buffer = this.#buffer.subarray(offset);
  }

  #failAll(error: Error): void {
    for (const request of this.#pending.splice(0)) request.fail(error);
  }
}
