import {
  ConflictError,
  type ConflictReason,
  NotFoundError,
  UnavailableError,
  ValidationError,
} from '@cachetoggle/model';
import type { CacheAsidePersonServiceOptions, ProtocolStep } from '@cachetoggle/service';
import type { LoadLogEntry } from './load-log';
import type { DelayPlan } from './random-delays';

/** Which cache-aside a host runs. */
export type Implementation = 'ours' | 'naive';

/** Everything a service host process needs to open its service. */
export interface HostConfig {
  readonly implementation: Implementation;
  readonly databaseUrl: string;
  readonly memcacheServers: string;
  readonly namespace: string;
  /** Seeds the host's random delays and operation mix. */
  readonly seed: number;
  /** The real service follows (and `setMode` writes) the database's mode row; default false. */
  readonly sharedMode?: boolean;
  /**
   * The real service proposes its `memcacheServers` as the fleet's cache topology at start and
   * follows the database's topology row; default false (the list is this process's alone).
   */
  readonly sharedTopology?: boolean;
  /** A private in-process cache (the demo without memcached) instead of the shared memcached. */
  readonly inProcessCache?: boolean;
  /** The database client's `queryTimeoutMs`; default the client's own. */
  readonly dbQueryTimeoutMs?: number;
  /** Random delays between protocol steps; none when absent. */
  readonly delays?: DelayPlan;
  /** Options of the real service (the naive one uses only `ttlMs`). */
  readonly service?: Omit<
    CacheAsidePersonServiceOptions,
    'db' | 'cache' | 'hooks' | 'logger' | 'idGenerator' | 'modeStore' | 'topologyStore'
  >;
}

/** A request from the test to its host. */
export interface CallMessage {
  readonly type: 'call';
  readonly callId: number;
  readonly method: string;
  readonly args: readonly unknown[];
}

/** Lets a paused protocol step go on. */
export interface ReleaseMessage {
  readonly type: 'release';
  readonly pauseId: number;
}

/** Messages from the test to a host. */
export type ToHostMessage = CallMessage | ReleaseMessage;

/** Messages from a host to the test. */
export type FromHostMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly callId: number; readonly value: unknown }
  | { readonly type: 'failure'; readonly callId: number; readonly error: RemoteError }
  | { readonly type: 'log'; readonly entry: LoadLogEntry }
  | {
      readonly type: 'paused';
      readonly pauseId: number;
      readonly step: ProtocolStep;
      readonly id: string;
    };

/** An error as it crosses the process boundary. */
export interface RemoteError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly id?: string;
  readonly reason?: string;
  readonly field?: string;
  readonly backend?: string;
}

/** Flattens an error for the IPC channel, keeping what the model's error classes need. */
export function toRemoteError(error: unknown): RemoteError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const e = error as Error &
    Partial<Record<'code' | 'id' | 'reason' | 'field' | 'backend', string>>;
  return {
    name: e.name,
    message: e.message,
    code: e.code,
    id: e.id,
    reason: e.reason,
    field: e.field,
    backend: e.backend,
  };
}

/**
 * Rebuilds the model's error class on this side, so tests assert `toBeInstanceOf(ConflictError)`
 * on a call made in another process. The message is the original one.
 */
export function fromRemoteError(remote: RemoteError): Error {
  let error: Error;
  switch (remote.code) {
    case 'NOT_FOUND':
      error = new NotFoundError(remote.id ?? '');
      break;
    case 'CONFLICT':
      error = new ConflictError(
        (remote.reason ?? 'version-mismatch') as ConflictReason,
        remote.id ?? '',
        remote.message,
      );
      break;
    case 'UNAVAILABLE':
      error = new UnavailableError(remote.backend === 'cache' ? 'cache' : 'db', remote.message);
      break;
    case 'VALIDATION':
      error = new ValidationError(remote.field ?? 'value', remote.message);
      break;
    default:
      error = new Error(remote.message);
      error.name = remote.name;
  }
  error.message = remote.message;
  return error;
}
