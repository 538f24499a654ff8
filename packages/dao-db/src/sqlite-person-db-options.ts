import { typeName, ValidationError } from '@cachetoggle/model';

/** Where the embedded database lives. */
export interface SqlitePersonDbOptions {
  /** `file:path/to.db`, or `:memory:` for a database that lives as long as the instance. */
  readonly url: string;
  /** Most distinct ids one `getMany` accepts. Default 1000. */
  readonly maxIdsPerQuery?: number;
}

// SQLite's default limit on the parameters of one statement.
const MAX_PARAMETERS = 32_766;

/** Checks `options` and applies the defaults; `ValidationError` names the bad option. */
export function resolveSqlitePersonDbOptions(options: unknown): Required<SqlitePersonDbOptions> {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('options', `must be an object, got ${typeName(options)}`);
  }
  const { url, maxIdsPerQuery = 1000 } = options as Record<string, unknown>;
  if (typeof url !== 'string' || !(url === ':memory:' || url.startsWith('file:'))) {
    throw new ValidationError('url', 'must be "file:<path>" or ":memory:"');
  }
  if (
    typeof maxIdsPerQuery !== 'number' ||
    !Number.isInteger(maxIdsPerQuery) ||
    maxIdsPerQuery < 1 ||
    maxIdsPerQuery > MAX_PARAMETERS
  ) {
    throw new ValidationError('maxIdsPerQuery', `must be an integer from 1 to ${MAX_PARAMETERS}`);
  }
  return { url, maxIdsPerQuery };
}
