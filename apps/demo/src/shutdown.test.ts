import { EventEmitter, once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { exitOnSignals } from './shutdown';
import { logCapture } from './test-app';

function harness(close: () => Promise<void>, graceMs = 1000) {
  const signals = new EventEmitter();
  const exits = new EventEmitter();
  const codes: number[] = [];
  const capture = logCapture();
  exitOnSignals({
    close,
    logger: capture.logger,
    signals,
    graceMs,
    exit: (code) => {
      codes.push(code);
      exits.emit('exit', code);
    },
  });
  return { signals, codes, capture, nextExit: () => once(exits, 'exit') };
}

describe('exitOnSignals', () => {
  it.each(['SIGINT', 'SIGTERM'])('%s closes gracefully, then exits 0', async (signal) => {
    let closed = false;
    const h = harness(async () => {
      closed = true;
    });
    const exited = h.nextExit();
    h.signals.emit(signal, signal);
    await exited;
    expect(closed).toBe(true);
    expect(h.codes).toEqual([0]);
    expect(h.capture.logs.map((line) => line.msg)).toEqual(['shutting down', 'stopped']);
  });

  it('a close that fails exits 1', async () => {
    const h = harness(() => Promise.reject(new Error('pool would not close')));
    const exited = h.nextExit();
    h.signals.emit('SIGINT', 'SIGINT');
    await exited;
    expect(h.codes).toEqual([1]);
  });

  it('a second signal during a close exits 1 at once', async () => {
    const h = harness(() => new Promise(() => {}));
    h.signals.emit('SIGINT', 'SIGINT');
    const exited = h.nextExit();
    h.signals.emit('SIGINT', 'SIGINT');
    await exited;
    expect(h.codes).toEqual([1]);
  });

  it('a close that outlasts the grace period exits 1', async () => {
    const h = harness(() => new Promise(() => {}), 50);
    const exited = h.nextExit();
    h.signals.emit('SIGTERM', 'SIGTERM');
    await exited;
    expect(h.codes).toEqual([1]);
    expect(h.capture.logs.at(-1)?.msg).toBe('shutdown took too long: exiting');
  });
});
