import { connect, type Socket } from 'node:net';
import type { MemcacheServerAddress } from '@cachetoggle/model';
import { UnavailableError } from '@cachetoggle/model';
import { type MetaResponse, MetaStatus } from './meta-response';
import { MetaResponseParser } from './meta-response-parser';
import { type MetaReply, PendingReplies } from './pending-replies';
import { corkUntilNextTick } from './tick-cork';

/**
 * Watchdog ticks a request may stay unanswered. A request written after tick k ran has waited
 * at least two tick intervals (one timeout) when tick k + 3 runs.
 */
export const DEADLINE_TICKS = 3;

/**
 * The buffer each socket reads into (Node's `onread`): no Buffer allocated and no stream
 * machinery per read (38 instead of 42 µs of CPU per get at one in flight). The parser copies
 * what it must keep across reads.
 */
const READ_BUFFER_BYTES = 64 * 1024;

// One counter per process, shared by every copy of this package (an ESM and a CJS build can both
// be loaded): an epoch must never be handed out twice.
const EPOCHS = Symbol.for('cachetoggle.memcacheConnectionEpochs');
const registry = globalThis as { [EPOCHS]?: { last: number } };
const epochs = registry[EPOCHS] ?? { last: 0 };
registry[EPOCHS] = epochs;

/**
 * One TCP connection to one memcached server, from connect to its end: requests are written in
 * order (those of one tick in one write, see tick-cork.ts) and the responses handed, in order,
 * to the replies waiting for them.
 *
 * Every connection has an `epoch`, unique in the process: a CAS token records the epoch it was
 * read on, and is honoured only while that connection lives. memcached numbers CAS values from 1
 * again after a restart, and a restart always ends the connection, so a token from before a
 * restart can never be mistaken for one of the new server's.
 *
 * A connection that fails (refused, reset, closed by the server, a garbled stream, or a request
 * past its deadline) is finished: every reply still waiting rejects with the same
 * `UnavailableError`, because once an answer is lost the next one cannot be matched to its
 * request. The cluster opens a new connection for the next request.
 */
export class MetaConnection {
  /** This connection's number, unique in the process (never 0). */
  readonly epoch: number;
  readonly #address: MemcacheServerAddress;
  readonly #timeoutMs: number;
  readonly #socket: Socket;
  readonly #parser: MetaResponseParser;
  readonly #pending = new PendingReplies();
  #answered = 0;
  /**
   * True from a read that completed several replies until the event loop's next check phase:
   * the requests their callers' continuations send in the meantime are one burst.
   */
  #inBurst = false;
  #deadlineCheck = false;
  #failure: UnavailableError | undefined;

  /** Connects to `address` at once; requests may be sent before the connection is up. */
  constructor(address: MemcacheServerAddress, timeoutMs: number) {
    this.epoch = ++epochs.last;
    this.#address = address;
    this.#timeoutMs = timeoutMs;
    this.#parser = new MetaResponseParser((response) => this.#onResponse(response));
    const socket = connect({
      host: address.host,
      port: address.port,
      noDelay: true,
      // An idle connection a firewall dropped would otherwise be found out only by a request
      // timing out.
      keepAlive: true,
      keepAliveInitialDelay: 30_000,
      onread: {
        buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
        callback: (bytes: number, buffer: Uint8Array) => {
          this.#onData(Buffer.from(buffer.buffer, buffer.byteOffset, bytes));
          return true;
        },
      },
    });
    this.#socket = socket;
    socket.on('error', (error) => this.fail(unavailable(address.name, error)));
    socket.on('close', () => {
      this.fail(new UnavailableError('cache', `the connection to ${address.name} closed`));
    });
  }

  /** False once the connection failed or was closed. */
  get alive(): boolean {
    return this.#failure === undefined;
  }

  /**
   * Writes `request` and queues `reply` for its answer; `tick` is the watchdog's current tick.
   * On a finished connection the reply fails at once.
   */
  send(request: Buffer, reply: MetaReply, tick: number): void {
    if (this.#failure !== undefined) {
      reply.fail(this.#failure);
      return;
    }
    // With answers pending, or right after a read that answered several requests, more
    // requests are sure to follow in this tick: hold this one too. Otherwise a batch of answers
    // that empties the queue is followed by two writes instead of one. A lone request leaves
    // at once; one sent after it in the same tick finds it pending and is held.
    if (this.#pending.size > 0 || this.#inBurst) corkUntilNextTick(this.#socket);
    this.#socket.write(request);
    this.#pending.push(reply, tick);
  }

  /**
   * Called by the watchdog on each of its ticks. When the oldest request has waited
   * `DEADLINE_TICKS`, the connection fails, but only after the next poll phase of the event
   * loop, and only if no answer arrived in it: timers run before the socket is read, so after
   * an event-loop stall the answers that arrived meanwhile are still unread when this runs.
   */
  watch(tick: number): void {
    const oldest = this.#pending.oldestTick();
    if (oldest < 0 || tick - oldest < DEADLINE_TICKS || this.#deadlineCheck) return;
    this.#deadlineCheck = true;
    setImmediate(checkDeadline, this, this.#answered);
  }

  /** Ends the connection; every waiting reply fails with `error`. Idempotent. */
  fail(error: UnavailableError): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    this.#socket.destroy();
    this.#pending.failAll(error);
  }

  /** Used by the deadline check: fails the connection unless an answer arrived since `answered`. */
  failIfStuck(answered: number): void {
    this.#deadlineCheck = false;
    if (this.#answered !== answered || this.#pending.size === 0) return;
    this.fail(
      new UnavailableError(
        'cache',
        `${this.#address.name} did not answer within ${this.#timeoutMs} ms`,
      ),
    );
  }

  /** Ends the burst of requests that follows a read of several answers (see `#inBurst`). */
  endBurst(): void {
    this.#inBurst = false;
  }

  #onData(chunk: Buffer): void {
    const answered = this.#answered;
    try {
      this.#parser.feed(chunk);
      if (this.#answered - answered > 1 && !this.#inBurst) {
        this.#inBurst = true;
        // The check phase comes after every continuation of this read's answers has run.
        setImmediate(endBurst, this);
      }
    } catch (error) {
      this.fail(error instanceof UnavailableError ? error : unavailable(this.#address.name, error));
    }
  }

  #onResponse(response: MetaResponse): void {
    const reply = this.#pending.oldest();
    if (reply === undefined) {
      throw new UnavailableError('cache', `${this.#address.name} sent an answer nobody asked for`);
    }
    if (response.status === MetaStatus.clientError || response.status === MetaStatus.error) {
      // The server could not parse a request: it may have read part of a value as commands,
      // so nothing after this can be trusted to match.
      throw new UnavailableError(
        'cache',
        `${this.#address.name} refused a request: ${response.message() || 'ERROR'}`,
      );
    }
    if (reply.accept(response)) {
      this.#pending.dropOldest();
      this.#answered++;
    }
  }
}

function endBurst(connection: MetaConnection): void {
  connection.endBurst();
}

function checkDeadline(connection: MetaConnection, answered: number): void {
  connection.failIfStuck(answered);
}

function unavailable(server: string, error: unknown): UnavailableError {
  const message = error instanceof Error ? error.message : String(error);
  return new UnavailableError('cache', `${server}: ${message}`, { cause: error });
}
