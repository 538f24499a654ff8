import { isCacheToggleError, type ValidationError } from '@cachetoggle/model';
import { expect } from 'vitest';

/**
 * Runs `call` (sync or async) and returns the `ValidationError` it threw or rejected with.
 * Anything else (success, another error, a crash) fails the test with what happened instead.
 */
export async function validationErrorOf(call: () => unknown): Promise<ValidationError> {
  let outcome: { error: unknown } | { value: unknown };
  try {
    outcome = { value: await call() };
  } catch (error) {
    outcome = { error };
  }
  if (!('error' in outcome)) {
    expect.fail('expected a ValidationError, but the call succeeded');
  }
  const { error } = outcome;
  if (!isCacheToggleError(error) || error.code !== 'VALIDATION') {
    expect.fail(`expected a ValidationError, got ${describeError(error)}`);
  }
  return error as ValidationError;
}

/** Expects `call` to throw or reject with a `ValidationError` naming `field`. */
export async function expectRejected(call: () => unknown, field: string): Promise<void> {
  const error = await validationErrorOf(call);
  expect(error.field, error.message).toBe(field);
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
