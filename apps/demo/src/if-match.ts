import { parseVersion, ValidationError } from '@cachetoggle/model';

const VERSION_TAG = /^(?:"(\d{1,10})"|(\d{1,10}))$/;

/**
 * Reads the `If-Match` header of a write: absent or `*` means unconditional; otherwise it is
 * the version the client last saw, bare (`3`) or as the ETag the API sends (`"3"`).
 */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header.trim();
  if (value === '*') return undefined;
  const match = VERSION_TAG.exec(value);
  const digits = match?.[1] ?? match?.[2];
  if (digits === undefined) {
    throw new ValidationError('If-Match', 'must be a version number, like 3 or "3"');
  }
  return parseVersion(Number(digits), 'If-Match');
}

/** The ETag of a person at `version`, as `parseIfMatch` reads it back. */
export function versionTag(version: number): string {
  return `"${version}"`;
}
