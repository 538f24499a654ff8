import { z } from 'zod';
import { ValidationError } from './errors';
import { MAX_PERSON_ID_LENGTH, PERSON_ID_PATTERN } from './person-id';

/** Longest first or last name accepted, in Unicode code points. */
export const MAX_NAME_LENGTH = 100;

/** Largest version a row can reach (the column is a signed 32-bit integer). */
export const MAX_VERSION = 2_147_483_647;

// \p{Cc} covers C0 and C1 control characters, including NUL, CR and LF.
const CONTROL_CHARACTER = /\p{Cc}/u;

const personIdSchema = z
  .string()
  .max(MAX_PERSON_ID_LENGTH, `must be at most ${MAX_PERSON_ID_LENGTH} characters`)
  .regex(PERSON_ID_PATTERN, 'may contain only letters A-Z a-z, digits, "_" and "-"');

/**
 * A name is stored and returned exactly as given (no trimming, no normalisation), so it must be
 * well-formed Unicode without control characters and contain something other than white space.
 */
const nameSchema = z
  .string()
  .min(1, 'must not be empty')
  .refine((s) => s.isWellFormed(), 'must be well-formed Unicode (no lone surrogates)')
  .refine(
    (s) => countCodePoints(s) <= MAX_NAME_LENGTH,
    `must be at most ${MAX_NAME_LENGTH} characters`,
  )
  .refine((s) => !CONTROL_CHARACTER.test(s), 'must not contain control characters')
  .refine((s) => s.trim().length > 0, 'must not be only white space');

const versionSchema = z
  .number()
  .int('must be an integer')
  .min(1, 'must be at least 1')
  .max(MAX_VERSION, `must be at most ${MAX_VERSION}`);

/** A person as stored: the database increments `version` on every write. */
export const personSchema = z.strictObject({
  id: personIdSchema,
  firstName: nameSchema,
  lastName: nameSchema,
  version: versionSchema,
});

/** What a caller sends to create a person; the id is generated when absent. */
export const newPersonSchema = z.strictObject({
  id: personIdSchema.optional(),
  firstName: nameSchema,
  lastName: nameSchema,
});

/** What a caller may change; at least one field. */
export const personChangesSchema = z
  .strictObject({
    firstName: nameSchema.optional(),
    lastName: nameSchema.optional(),
  })
  .refine((c) => c.firstName !== undefined || c.lastName !== undefined, {
    message: 'must change firstName or lastName',
  });

/** A stored person. */
export type Person = z.infer<typeof personSchema>;
/** Input to create a person. */
export type NewPerson = z.infer<typeof newPersonSchema>;
/** A new person whose id has been decided. */
export type NewPersonWithId = NewPerson & { id: string };
/** Input to update a person. */
export type PersonChanges = z.infer<typeof personChangesSchema>;

/**
 * True when `value` is a first or last name the model accepts: the rules of the schema, checked
 * without zod, since the cache codec checks both names of every person it reads. One pass over
 * the code units instead of one per rule: a warm `getMany(100)` checks 200 names.
 */
export function isPersonName(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const length = value.length;
  let codePoints = 0;
  // Set by any printable ASCII character but the space; other characters leave the question
  // of "only white space" to `trim`, whose notion of white space is the language's.
  let visible = false;
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i);
    codePoints++;
    if (c < 0x7f) {
      if (c < 0x20) return false; // C0 control
      if (c !== 0x20) visible = true;
    } else if (c <= 0x9f) {
      return false; // DEL and C1 controls
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // Only a high surrogate followed by a low one is well-formed: one code point.
      const next = value.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    }
  }
  return codePoints > 0 && codePoints <= MAX_NAME_LENGTH && (visible || value.trim().length > 0);
}

/** Validates a whole person; throws `ValidationError` naming the first bad field. */
export function parsePerson(value: unknown): Person {
  return parseWith(personSchema, value, 'person');
}

/** Validates the input of a create; throws `ValidationError` naming the first bad field. */
export function parseNewPerson(value: unknown): NewPerson {
  return parseWith(newPersonSchema, value, 'person');
}

/** Validates the input of an update; throws `ValidationError` naming the first bad field. */
export function parsePersonChanges(value: unknown): PersonChanges {
  return parseWith(personChangesSchema, value, 'changes');
}

/** Validates an expected version; throws `ValidationError` naming `field`. */
export function parseVersion(value: unknown, field = 'version'): number {
  return parseWith(versionSchema, value, field);
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.length ? issue.path.map(String).join('.') : field;
  throw new ValidationError(path, describeIssue(issue, value));
}

function describeIssue(issue: z.core.$ZodIssue | undefined, value: unknown): string {
  if (!issue) return 'is invalid';
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type') {
    return issue.path.length === 0 && (value === null || typeof value !== 'object')
      ? 'must be a JSON object'
      : `must be ${issue.expected}`;
  }
  return issue.message;
}

function countCodePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}
