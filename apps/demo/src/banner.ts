import type { DemoConfig } from './config';
import { SAMPLE_PEOPLE } from './sample-people';

/** What the startup banner shows. */
export interface BannerInfo {
  /** The address the server listens on, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly config: Pick<DemoConfig, 'adminToken' | 'adminTokenGenerated'>;
  /** `host:port/db`-style descriptions of the backends, without credentials. */
  readonly db: string;
  readonly cache: string;
  /** A person the database holds, or `undefined` when it holds none of the sample people. */
  readonly examplePersonId: string | undefined;
}

/**
 * The text printed once at start: the URL and the dashboard, the backends, the admin token (the
 * only place it is ever written) and curl lines to try. The read suggested is of a person the
 * database holds; on one that holds none of the sample people, a create comes first and the
 * read names no id.
 */
export function startupBanner(info: BannerInfo): string {
  const { url, config, db, cache, examplePersonId } = info;
  const tokenNote = config.adminTokenGenerated ? ' (generated; set ADMIN_TOKEN to choose one)' : '';
  return [
    '',
    `cachetoggle demo listening on ${url}`,
    `  dashboard: ${url}/`,
    `  database:  ${db}`,
    `  cache:     ${cache}`,
    `  admin token${tokenNote}: ${config.adminToken}`,
    '',
    'Try:',
    ...readLines(url, examplePersonId),
    `  curl -i -X PUT ${url}/mode -H 'Authorization: Bearer ${config.adminToken}' -H 'Content-Type: application/json' -d '{"useDb": true}'`,
    `  curl ${url}/stats`,
    '',
  ].join('\n');
}

function readLines(url: string, personId: string | undefined): string[] {
  if (personId !== undefined) return [`  curl -i ${url}/people/${personId}`];
  // No id is suggested that the database does not hold: the create picks one and answers it.
  const { firstName, lastName } = SAMPLE_PEOPLE[0] ?? { firstName: 'Ada', lastName: 'Lovelace' };
  return [
    `  curl -i -X POST ${url}/people -H 'Content-Type: application/json' -d '${JSON.stringify({ firstName, lastName })}'`,
    `  curl -i ${url}/people/<the id in its answer>`,
  ];
}
