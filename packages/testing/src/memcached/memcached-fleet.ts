import { type MemcachedProcess, startMemcached } from './start-memcached';

/** Several private memcached servers owned by the test that started them. */
export interface MemcachedFleet {
  /** `127.0.0.1:<port>,127.0.0.1:<port>,...`, the form `MEMCACHE_SERVERS` takes, in start order. */
  readonly servers: string;
  /** Each server, to kill, pause or restart one of them alone. */
  readonly members: readonly MemcachedProcess[];
  /** Stops every server (SIGTERM) and waits for their exits. */
  stop(): Promise<void>;
}

/**
 * Starts `count` private memcached servers on free ports, one after the other (two servers
 * started at once could be handed the same free port). When one fails to start, the ones
 * already running are stopped before the error is passed on, so a failed setup leaves no
 * process behind.
 */
export async function startMemcachedFleet(
  count: number,
  options: { memoryMb?: number } = {},
): Promise<MemcachedFleet> {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`a fleet needs a whole number of servers from 1, got ${count}`);
  }
  const members: MemcachedProcess[] = [];
  const stop = async () => {
    await Promise.allSettled(members.map((member) => member.stop()));
  };
  try {
    while (members.length < count) members.push(await startMemcached(options));
  } catch (error) {
    await stop();
    throw error;
  }
  return { servers: members.map((member) => member.servers).join(','), members, stop };
}
