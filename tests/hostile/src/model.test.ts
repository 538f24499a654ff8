import {
  isPersonId,
  parseNewPerson,
  parsePerson,
  parsePersonChanges,
  parsePersonId,
  parseVersion,
} from '@cachetoggle/model';
import {
  HOSTILE_BODIES,
  HOSTILE_IDS,
  HOSTILE_NAMES,
  HOSTILE_VERSIONS,
  type HostileInput,
} from '@cachetoggle/testing/hostile';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoPrototypePollution } from './prototype-guard';
import { expectRejected } from './rejection';

const label = (entry: { label: string }) => entry.label;
const byOutcome = (entries: readonly HostileInput[], outcome: 'accept' | 'reject') =>
  entries.filter((e) => e.outcome === outcome);
const ada = { id: 'ada', firstName: 'Ada', lastName: 'Lovelace', version: 1 };

afterEach(() => expectNoPrototypePollution());

describe('model: ids', () => {
  it.for(byOutcome(HOSTILE_IDS, 'accept').map((e) => [label(e), e.value] as const))(
    'accepts %s as it is',
    ([, id]) => {
      expect(isPersonId(id)).toBe(true);
      expect(parsePersonId(id)).toBe(id);
      expect(parseNewPerson({ id, firstName: 'A', lastName: 'B' }).id).toBe(id);
      expect(parsePerson({ ...ada, id }).id).toBe(id);
    },
  );

  it.for(byOutcome(HOSTILE_IDS, 'reject').map((e) => [label(e), e.value] as const))(
    'rejects %s naming the id',
    async ([, id]) => {
      expect(isPersonId(id)).toBe(false);
      await expectRejected(() => parsePersonId(id, 'params.id'), 'params.id');
      await expectRejected(() => parsePerson({ ...ada, id }), 'id');
      // An absent id is a create without one (the service generates it).
      if (id !== undefined) {
        await expectRejected(() => parseNewPerson({ id, firstName: 'A', lastName: 'B' }), 'id');
      }
    },
  );
});

describe('model: names', () => {
  it.for(byOutcome(HOSTILE_NAMES, 'accept').map((e) => [label(e), e.value as string] as const))(
    'accepts %s exactly as given',
    ([, name]) => {
      const created = parseNewPerson({ firstName: name, lastName: name });
      expect(Object.is(created.firstName, name) && Object.is(created.lastName, name)).toBe(true);
      expect(parsePersonChanges({ firstName: name })).toEqual({ firstName: name });
      expect(parsePerson({ ...ada, lastName: name }).lastName).toBe(name);
    },
  );

  it.for(byOutcome(HOSTILE_NAMES, 'reject').map((e) => [label(e), e.value] as const))(
    'rejects %s naming the field',
    async ([, name]) => {
      await expectRejected(() => parseNewPerson({ firstName: name, lastName: 'B' }), 'firstName');
      await expectRejected(() => parseNewPerson({ firstName: 'A', lastName: name }), 'lastName');
      await expectRejected(() => parsePersonChanges({ lastName: name }), 'lastName');
      await expectRejected(() => parsePerson({ ...ada, firstName: name }), 'firstName');
    },
  );
});

describe('model: versions', () => {
  it.for(byOutcome(HOSTILE_VERSIONS, 'accept').map((e) => [label(e), e.value] as const))(
    'accepts version %s',
    ([, version]) => {
      expect(parseVersion(version)).toBe(version);
      expect(parsePerson({ ...ada, version }).version).toBe(version);
    },
  );

  it.for(byOutcome(HOSTILE_VERSIONS, 'reject').map((e) => [label(e), e.value] as const))(
    'rejects version %s naming the field',
    async ([, version]) => {
      await expectRejected(() => parseVersion(version, 'expectedVersion'), 'expectedVersion');
      await expectRejected(() => parsePerson({ ...ada, version }), 'version');
    },
  );
});

describe('model: request bodies', () => {
  it.for(HOSTILE_BODIES.filter((b) => b.create === undefined).map((b) => [label(b), b] as const))(
    '%s is not JSON, so it never reaches the model',
    ([, body]) => {
      expect(() => JSON.parse(body.json)).toThrow(SyntaxError);
    },
  );

  it.for(HOSTILE_BODIES.filter((b) => b.create !== undefined).map((b) => [label(b), b] as const))(
    'a create and an update with %s get their documented outcome',
    async ([, body]) => {
      const parsed: unknown = JSON.parse(body.json);
      for (const [outcome, parse] of [
        [body.create, parseNewPerson],
        [body.update, parsePersonChanges],
      ] as const) {
        if (outcome?.kind === 'reject') {
          await expectRejected(() => parse(parsed), outcome.field);
        } else {
          expect(parse(parsed)).toMatchObject(outcome?.stored ?? (parsed as object));
        }
      }
    },
  );
});
