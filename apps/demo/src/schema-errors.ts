import { ValidationError } from '@cachetoggle/model';
import type { FastifySchemaValidationError } from 'fastify';

// What JSON-schema type names read as in a message.
const EXPECTED: Readonly<Record<string, string>> = {
  boolean: 'true or false',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  array: 'an array',
  object: 'a JSON object',
};

/**
 * A `schemaErrorFormatter` that turns the validator's errors into the `ValidationError` the
 * model's parsers throw, so a schema failure is answered like any other 400: `VALIDATION`,
 * naming the field. `name` is what the whole input is called in messages (`person`, `changes`,
 * `mode`); its Fastify name (`body`, `querystring`, `params`) when not given. The error named is
 * the one the model would name first: the input not being an object, then a missing or
 * ill-typed field, then the unknown fields, all of them.
 */
export function schemaErrorsAs(name?: string) {
  return (errors: FastifySchemaValidationError[], dataVar: string): Error => {
    const whole = name ?? dataVar;
    const rootType = errors.find((e) => e.instancePath === '' && e.keyword === 'type');
    if (rootType) return new ValidationError(whole, 'must be a JSON object');

    const field = errors.find((e) => e.keyword === 'required' || e.instancePath !== '');
    if (field?.keyword === 'required') {
      return new ValidationError(String(field.params.missingProperty), 'is required');
    }
    if (field) return new ValidationError(fieldName(field.instancePath), describe(field));

    const unknown = errors
      .filter((e) => e.keyword === 'additionalProperties')
      .map((e) => String(e.params.additionalProperty));
    if (unknown.length > 0)
      return new ValidationError(whole, `unknown field(s) ${unknown.join(', ')}`);

    return new ValidationError(whole, errors[0]?.message ?? 'is invalid');
  };
}

// `/ids/0` names `ids.0`, as the model's parsers name nested fields.
function fieldName(instancePath: string): string {
  return instancePath.slice(1).split('/').join('.');
}

function describe(error: FastifySchemaValidationError): string {
  if (error.keyword === 'type') {
    const type = String(error.params.type);
    return `must be ${EXPECTED[type] ?? type}`;
  }
  return error.message ?? 'is invalid';
}
