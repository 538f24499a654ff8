import { z } from 'zod';
import { ValidationError } from './errors';
import { typeName } from './person-id';

/**
 * Runs the options `schema` on `value` and returns what it gives (defaults applied). The first
 * issue becomes a `ValidationError` whose `field` is the option's dotted path (for example
 * `invalidationRetry.initialDelayMs`), or `root` when `value` itself is refused.
 */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  value: unknown,
  root = 'options',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.map(String).join('.') : root;
  throw new ValidationError(field, issue?.message ?? 'is invalid');
}

/** An object of options, each declared in `shape`; keys it does not declare are ignored. */
export function optionsObject<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.object(shape, {
    error: (issue) => `must be an object, got ${typeName(issue.input)}`,
  });
}

/** What an integer option from `min` to `max` must be, in words. */
function integerRangeRule(min: number, max: number): string {
  return max === Number.MAX_SAFE_INTEGER
    ? `must be an integer of at least ${min}`
    : `must be an integer from ${min} to ${max}`;
}

/** What an integer option from `min` to `max` must be, and what `value` was instead. */
export function integerRangeMessage(min: number, max: number, value: unknown): string {
  return `${integerRangeRule(min, max)}, got ${typeof value === 'number' ? value : typeName(value)}`;
}

/** An integer from `min` to `max` (inclusive); required unless made `.optional()`. */
export function integerInRange(min: number, max: number) {
  const error = (issue: { input?: unknown }) => integerRangeMessage(min, max, issue.input);
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** An integer option from `min` to `max` (inclusive), `fallback` when absent. */
export function integerOption(min: number, max: number, fallback: number) {
  return integerInRange(min, max).default(fallback);
}

/** A boolean option, `fallback` when absent. */
export function booleanOption(fallback: boolean) {
  return z.boolean({ error: 'must be a boolean' }).default(fallback);
}

/** A string option that `accepts`; `rule` says in words what is allowed. */
export function stringOption(accepts: (value: string) => boolean, rule: string) {
  return z.string({ error: rule }).refine(accepts, { error: rule });
}

/** A function option, taken as it is. */
export function functionOption<F extends (...args: never[]) => unknown>() {
  return z.custom<F>((value) => typeof value === 'function', { error: 'must be a function' });
}

/** An object option taken as it is (the caller's own instance), once it has each of `methods`. */
export function objectOption<T>(methods: readonly string[] = []) {
  return z.custom<T>().superRefine((value, ctx) => {
    if (typeof value !== 'object' || value === null) {
      ctx.addIssue({ code: 'custom', message: `must be an object, got ${typeName(value)}` });
      return;
    }
    const target = value as Record<string, unknown>;
    const missing = methods.find((method) => typeof target[method] !== 'function');
    if (missing) ctx.addIssue({ code: 'custom', message: `must have a ${missing}() method` });
  });
}

/** A group of options (an object of them), read with its defaults when absent or `null`. */
export function optionGroup<S extends z.ZodType>(group: S) {
  return checkedWhenAbsent((value, ctx) => nested(group, value ?? {}, ctx));
}

/** A group of options that `false` turns off (giving `undefined`), as `optionGroup` otherwise. */
export function switchableOptionGroup<S extends z.ZodType>(group: S) {
  return checkedWhenAbsent((value, ctx) =>
    value === false ? undefined : nested(group, value ?? {}, ctx),
  );
}

/** A group of options that is off (`undefined`) unless given: absent, `null` and `false` turn it off. */
export function optInOptionGroup<S extends z.ZodType>(group: S) {
  return checkedWhenAbsent((value, ctx) =>
    value === undefined || value === null || value === false
      ? undefined
      : nested(group, value, ctx),
  );
}

/**
 * An option checked by one of the model's rules (`parseMysqlUrl`, `parseMemcacheServers`...):
 * the rule's `ValidationError` becomes an issue at the option's path, with the rule's words.
 */
export function optionCheckedBy<T>(rule: (value: unknown) => T) {
  return checkedWhenAbsent((value, ctx): T => {
    try {
      return rule(value);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // Its message is `<field>: <words>`; the option's own path replaces the rule's field.
      ctx.issues.push({
        code: 'custom',
        input: value,
        message: error.message.slice(error.field.length + 2),
      });
      return z.NEVER;
    }
  });
}

type Context = z.core.$RefinementCtx;

// `prefault` runs the check on an absent option too: zod refuses an absent key whose schema
// accepts `undefined` without being marked optional.
function checkedWhenAbsent<T>(check: (value: unknown, ctx: Context) => T) {
  return z.unknown().transform(check).prefault(undefined);
}

// Issues of the nested schema keep their paths; the enclosing object prefixes its key.
function nested<S extends z.ZodType>(schema: S, value: unknown, ctx: Context): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const { path, message } of result.error.issues) {
    ctx.issues.push({ code: 'custom', path, message, input: value });
  }
  return z.NEVER;
}
