import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors';
import { parseMysqlUrl } from './mysql-url';
import {
  booleanOption,
  functionOption,
  integerOption,
  optInOptionGroup,
  optionCheckedBy,
  optionGroup,
  optionsObject,
  parseOptions,
  stringOption,
  switchableOptionGroup,
} from './options';

const schema = optionsObject({
  url: optionCheckedBy(parseMysqlUrl),
  size: integerOption(1, 5, 3),
  big: integerOption(1, Number.MAX_SAFE_INTEGER, 10),
  strict: booleanOption(false),
  make: functionOption<() => string>().optional(),
  retry: optionsObject({ delayMs: integerOption(0, 9, 1) }).prefault({}),
});
const url = 'mysql://db.example/people';

function fieldAndMessage(value: unknown): [string, string] {
  try {
    parseOptions(schema, value);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    const { field, message } = error as ValidationError;
    return [field, message];
  }
  throw new Error('accepted');
}

describe('parseOptions', () => {
  it('applies every default, nested ones included, and ignores undeclared keys', () => {
    expect(parseOptions(schema, { url, extra: 1 })).toEqual({
      url: { host: 'db.example', port: 3306, user: '', password: '', database: 'people' },
      size: 3,
      big: 10,
      strict: false,
      retry: { delayMs: 1 },
    });
  });

  it('names the refused value itself by the root name', () => {
    expect(fieldAndMessage(null)).toEqual(['options', 'options: must be an object, got null']);
    expect(() => parseOptions(schema, 7, 'config')).toThrow(
      'config: must be an object, got number',
    );
  });

  it('names a nested option by its dotted path and says what is allowed', () => {
    expect(fieldAndMessage({ url, retry: { delayMs: 2.5 } })).toEqual([
      'retry.delayMs',
      'retry.delayMs: must be an integer from 0 to 9, got 2.5',
    ]);
    expect(fieldAndMessage({ url, retry: 'soon' })[1]).toBe('retry: must be an object, got string');
  });

  it('refuses integers out of range, fractions, NaN, infinities and strings', () => {
    for (const size of [0, 6, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3']) {
      expect(fieldAndMessage({ url, size })[0]).toBe('size');
    }
    expect(fieldAndMessage({ url, big: 0 })[1]).toBe(
      'big: must be an integer of at least 1, got 0',
    );
  });

  it('refuses a string the test rejects, or another type, in the words of the rule', () => {
    const named = optionsObject({
      name: stringOption((s) => s.startsWith('n'), 'must start with n'),
    });
    expect(parseOptions(named, { name: 'nora' })).toEqual({ name: 'nora' });
    for (const name of ['ben', 7, undefined]) {
      expect(() => parseOptions(named, { name })).toThrow('name: must start with n');
    }
  });

  it('refuses a boolean or a function of another type', () => {
    expect(fieldAndMessage({ url, strict: 'true' })[1]).toBe('strict: must be a boolean');
    expect(fieldAndMessage({ url, make: 'x' })[1]).toBe('make: must be a function');
  });

  it("reports a model rule's refusal at the option, in the rule's words", () => {
    expect(fieldAndMessage({ url: 'mysql://db.example' })).toEqual([
      'url',
      expect.stringMatching(/^url: must name/),
    ]);
  });

  it('runs a rule on an absent option too, so the rule may give its default', () => {
    const withRule = optionsObject({ tag: optionCheckedBy((value) => value ?? 'none') });
    expect(parseOptions(withRule, {})).toEqual({ tag: 'none' });
  });

  it('reports the first bad option in declaration order', () => {
    expect(fieldAndMessage({ url, strict: 1, size: 0 })[0]).toBe('size');
  });

  it('reads an absent or null group with its defaults, and refuses any other non-object', () => {
    const group = optionsObject({ a: integerOption(1, 5, 2) });
    const withGroups = optionsObject({
      always: optionGroup(group),
      sometimes: switchableOptionGroup(group),
    });
    expect(parseOptions(withGroups, {})).toEqual({ always: { a: 2 }, sometimes: { a: 2 } });
    expect(parseOptions(withGroups, { always: null, sometimes: null })).toEqual({
      always: { a: 2 },
      sometimes: { a: 2 },
    });
    expect(parseOptions(withGroups, { sometimes: false })).toEqual({ always: { a: 2 } });
    expect(() => parseOptions(withGroups, { always: false })).toThrow(
      'always: must be an object, got boolean',
    );
    expect(() => parseOptions(withGroups, { sometimes: { a: 9 } })).toThrow(
      'sometimes.a: must be an integer from 1 to 5, got 9',
    );
  });

  it('reads an opt-in group as off unless given, with its defaults when given', () => {
    const withGroup = optionsObject({
      extra: optInOptionGroup(optionsObject({ a: integerOption(1, 5, 2) })),
    });
    expect(parseOptions(withGroup, {})).toEqual({});
    expect(parseOptions(withGroup, { extra: false })).toEqual({});
    expect(parseOptions(withGroup, { extra: null })).toEqual({});
    expect(parseOptions(withGroup, { extra: {} })).toEqual({ extra: { a: 2 } });
    expect(() => parseOptions(withGroup, { extra: true })).toThrow(
      'extra: must be an object, got boolean',
    );
    expect(() => parseOptions(withGroup, { extra: { a: 0 } })).toThrow(
      'extra.a: must be an integer from 1 to 5, got 0',
    );
  });
});
