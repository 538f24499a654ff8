import { integerOption, optionsObject, parseOptions, stringOption } from '@cachetoggle/model';

/** Where the embedded database lives. */
export interface SqlitePersonDbOptions {
  /** `file:path/to.db`, or `:memory:` for a database that lives as long as the instance. */
  readonly url: string;
  /** Most distinct ids one `getMany` accepts. Default 1000. */
  readonly maxIdsPerQuery?: number;
}

// SQLite's default limit on the parameters of one statement.
const MAX_PARAMETERS = 32_766;

const sqliteOptionsSchema = optionsObject({
  url: stringOption(
    (url) => url === ':memory:' || url.startsWith('file:'),
    'must be "file:<path>" or ":memory:"',
  ),
  maxIdsPerQuery: integerOption(1, MAX_PARAMETERS, 1000),
});

/** Checks `options` and applies the defaults; `ValidationError` names the bad option. */
export function resolveSqlitePersonDbOptions(options: unknown): Required<SqlitePersonDbOptions> {
  return parseOptions(sqliteOptionsSchema, options);
}
