import { ValidationError } from '@cachetoggle/model';

/**
 * Places ids on the named servers by a simple stable hash (FNV-1a over the id's UTF-16 code
 * units, modulo the number of servers): the same id lands on the same name for the life of the
 * process and across processes given the same list, which is all a fake needs (real caches use
 * consistent hashing so that few keys move when a server joins).
 */
export function stableServerOf(names: readonly string[]): (id: string) => string {
  if (!Array.isArray(names) || names.length === 0) {
    throw new ValidationError('servers', 'must name at least one server');
  }
  if (names.some((name) => typeof name !== 'string' || name.length === 0)) {
    throw new ValidationError('servers', 'must be non-empty strings');
  }
  if (new Set(names).size !== names.length) {
    throw new ValidationError('servers', 'must not name a server twice');
  }
  const servers = [...names];
  return (id) => servers[fnv1a(id) % servers.length] as string;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
