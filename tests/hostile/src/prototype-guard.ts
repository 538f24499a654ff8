import { expect } from 'vitest';

const BUILT_INS = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
const ownKeys = () => BUILT_INS.map((proto) => Reflect.ownKeys(proto).map(String).sort());
const baseline = ownKeys();

/** Fails when any input has added a property to a built-in prototype (prototype pollution). */
export function expectNoPrototypePollution(): void {
  expect(ownKeys()).toEqual(baseline);
  expect(({} as Record<string, unknown>).admin).toBeUndefined();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}
