/** The assertions the suites make, as vitest's and jest's `expect(value)` offer them. */
export interface ContractAssertion {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toStrictEqual(expected: unknown): void;
  toMatchObject(expected: object): void;
  toMatch(expected: RegExp): void;
  toHaveLength(length: number): void;
  toBeUndefined(): void;
  toBeDefined(): void;
  // biome-ignore lint/suspicious/noExplicitAny: a class of any constructor signature
  toBeInstanceOf(expected: abstract new (...args: any[]) => unknown): void;
  /** The same assertions on what a promise resolves to. */
  readonly resolves: ContractAsyncAssertion;
  /** The same assertions on what a promise rejects with. */
  readonly rejects: ContractAsyncAssertion;
}

/** `expect(promise).resolves` / `.rejects`: the same assertions, each to be awaited. */
export interface ContractAsyncAssertion {
  toBe(expected: unknown): Promise<unknown>;
  toEqual(expected: unknown): Promise<unknown>;
  toStrictEqual(expected: unknown): Promise<unknown>;
  toMatchObject(expected: object): Promise<unknown>;
  toBeUndefined(): Promise<unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: a class of any constructor signature
  toBeInstanceOf(expected: abstract new (...args: any[]) => unknown): Promise<unknown>;
}

/** A test body; the suites' bodies are all async or plain functions without arguments. */
export type ContractTestBody = () => unknown;

/**
 * The test runner the suites are written against, passed in by the caller so the suites pin
 * none: `import * as vitest from 'vitest'` (or `{ describe, it, expect, beforeAll, afterAll }`)
 * fits as it is, and so do jest's globals.
 */
export interface ContractTestRunner {
  describe(name: string, body: () => void): void;
  it(name: string, body: ContractTestBody, timeoutMs?: number): void;
  beforeAll(body: ContractTestBody, timeoutMs?: number): void;
  afterAll(body: ContractTestBody, timeoutMs?: number): void;
  /** `message`, when given, is shown with the failure. */
  expect(actual: unknown, message?: string): ContractAssertion;
}
