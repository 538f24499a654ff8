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
}

/**
 * The text printed once at start: the URL, the backends, the admin token (the only place it is
 * ever written) and three curl lines to try.
 */
export function startupBanner({ url, config, db, cache }: BannerInfo): string {
  const personId = SAMPLE_PEOPLE[0]?.id ?? 'ada';
  const tokenNote = config.adminTokenGenerated ? ' (generated; set ADMIN_TOKEN to choose one)' : '';
  return [
    '',
    `cachetoggle demo listening on ${url}`,
    `  database: ${db}`,
    `  cache:    ${cache}`,
    `  admin token${tokenNote}: ${config.adminToken}`,
    '',
    'Try:',
    `  curl -i ${url}/people/${personId}`,
    `  curl -i -X PUT ${url}/mode -H 'Authorization: Bearer ${config.adminToken}' -H 'Content-Type: application/json' -d '{"useDb": true}'`,
    `  curl ${url}/stats`,
    '',
  ].join('\n');
}
