import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { UnavailableError } from '@cachetoggle/model';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SharedTimeout } from './with-timeout';

/** A socket to an echo server in another process (its answers arrive while we are busy). */
async function echoSocket() {
  const child = spawn(process.execPath, [
    '-e',
    'require("net").createServer((s) => s.pipe(s)).listen(0, "127.0.0.1", function () { console.log(this.address().port) })',
  ]);
  onTestFinished(() => {
    child.kill();
  });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  const socket = connect(Number(line.toString()), '127.0.0.1');
  onTestFinished(() => {
    socket.destroy();
  });
  await once(socket, 'connect');
  return socket;
}

/** A full garbage collection, whether or not node runs with --expose-gc. */
function collectAllGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('SharedTimeout', () => {
  it("lets go of a settled call's result while later calls keep the queue busy", async () => {
    const timeout = new SharedTimeout(60_000);
    // A call that never settles keeps the queue from emptying, as a busy service's does.
    void timeout.run(new Promise(() => {}), 'hung');
    let batch: object | undefined = { people: new Array(100).fill('someone') };
    const released = new WeakRef(batch);
    await timeout.run(Promise.resolve(batch), 'getMany');
    batch = undefined;
    await timeout.run(Promise.resolve(1), 'get');
    expect(timeout.pending).toBe(3);
    // A WeakRef keeps its target alive until the current run of promise jobs is over.
    await new Promise(setImmediate);
    collectAllGarbage();
    expect(released.deref()).toBeUndefined();
  });

  it('passes values and errors of calls that settle in time', async () => {
    const timeout = new SharedTimeout(1_000);
    await expect(timeout.run(Promise.resolve(7), 'get')).resolves.toBe(7);
    const error = new Error('own failure');
    await expect(timeout.run(Promise.reject(error), 'get')).rejects.toBe(error);
  });

  it('rejects a call that does not settle in time with UnavailableError naming the op', async () => {
    const timeout = new SharedTimeout(20);
    const started = performance.now();
    const error = await timeout.run(new Promise(() => {}), 'getMany').catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toBe('cache unavailable: getMany timed out after 20 ms');
    expect(elapsed).toBeGreaterThanOrEqual(19);
    expect(elapsed).toBeLessThan(500);
  });

  it('times out only the hung calls among many, and then holds nothing', async () => {
    const timeout = new SharedTimeout(15);
    const calls = Array.from({ length: 3_000 }, (_, i) =>
      timeout.run(i % 1_000 === 0 ? new Promise<number>(() => {}) : Promise.resolve(i), 'get').then(
        () => 'ok',
        () => 'timed out',
      ),
    );
    const outcomes = await Promise.all(calls);
    expect(outcomes.filter((o) => o === 'timed out')).toHaveLength(3);
    expect(timeout.pending).toBe(0);
  });

  it('a late answer after the timeout changes nothing', async () => {
    const timeout = new SharedTimeout(10);
    let answer!: (v: string) => void;
    const raced = timeout.run(new Promise<string>((r) => (answer = r)), 'get');
    await expect(raced).rejects.toBeInstanceOf(UnavailableError);
    answer('late');
    await expect(raced).rejects.toBeInstanceOf(UnavailableError);
  });

  it('a stalled event loop does not time out answers that arrived during the stall', async () => {
    const socket = await echoSocket();
    const timeout = new SharedTimeout(20);
    for (let round = 0; round < 3; round++) {
      const answer = once(socket, 'data');
      const raced = timeout.run(answer, 'get');
      socket.write('ping');
      const until = Date.now() + 250;
      while (Date.now() < until) {
        // Busy: the event loop stalls while the answer arrives on the socket.
      }
      await expect(raced).resolves.toBeDefined();
    }
  });
});
