import { Socket } from 'node:net';
import { vi } from 'vitest';

/**
 * Test helper (not exported by the package): counts, for the sockets connected to `port`, the
 * requests written (`socket.write` calls) and the writes handed to the OS (`_write` and
 * `_writev` calls, each one syscall; a `_writev` carries several requests). Spies on every
 * socket of the process, so only connections already up are told apart (by their remote port).
 */
export function spyOnSocketWrites(port: number) {
  const write = vi.spyOn(Socket.prototype, 'write');
  const single = vi.spyOn(Socket.prototype, '_write');
  const vector = vi.spyOn(Socket.prototype, '_writev');
  const ours = (socket: unknown) => (socket as Socket).remotePort === port;
  const count = (spy: { mock: { contexts: unknown[] } }) => spy.mock.contexts.filter(ours).length;
  return {
    /** Requests written since the spy started (or `reset`). */
    requests: () => count(write),
    /** The sockets written to since the spy started (or `reset`). */
    sockets: () => [...new Set(write.mock.contexts.filter(ours) as Socket[])],
    /** Writes handed to the OS since the spy started (or `reset`). */
    syscalls: () => count(single) + count(vector),
    reset: () => {
      for (const spy of [write, single, vector]) spy.mockClear();
    },
    restore: () => {
      for (const spy of [write, single, vector]) spy.mockRestore();
    },
  };
}
