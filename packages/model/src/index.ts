export { CODEC_PREFIX, decodeCacheEntry, encodeCacheEntry } from './cache-codec';
export {
  type CacheEntry,
  type CacheRead,
  type CasToken,
  MISS,
  TOMBSTONE,
} from './cache-entry';
export { parseCacheEntry } from './cache-entry-check';
export { idExists, versionMismatch } from './conflicts';
export type { ModeStore, SharedMode } from './contracts/mode-store';
export {
  type IdentifiableRead,
  type LeaseRead,
  MAX_CACHE_TTL_MS,
  MAX_CAS_TOKEN,
  type PersonCache,
  parseCacheTtl,
  parseCasToken,
  type StoredEntry,
} from './contracts/person-cache';
export type { PersonDb, PersonInvalidation } from './contracts/person-db';
export {
  type CacheTopology,
  canonicalServers,
  MAX_TOPOLOGY_SERVERS,
  nextTopology,
  type TopologyServers,
  type TopologyStore,
} from './contracts/topology-store';
export {
  type Backend,
  CacheToggleError,
  ConflictError,
  type ConflictReason,
  type ErrorCode,
  isCacheToggleError,
  NotFoundError,
  UnavailableError,
  ValidationError,
} from './errors';
export { parseIdList } from './id-list';
export {
  DEFAULT_MEMCACHE_PORT,
  type MemcacheServerAddress,
  parseMemcacheServers,
} from './memcache-server-list';
export { DEFAULT_MYSQL_PORT, type MysqlEndpoint, parseMysqlUrl } from './mysql-url';
export {
  booleanOption,
  functionOption,
  integerInRange,
  integerOption,
  integerRangeMessage,
  objectOption,
  optInOptionGroup,
  optionCheckedBy,
  optionGroup,
  optionsObject,
  parseOptions,
  stringOption,
  switchableOptionGroup,
} from './options';
export {
  MAX_INVALIDATIONS_PER_READ,
  parseInvalidationRead,
  parseTrimAge,
} from './outbox-arguments';
export {
  isPersonName,
  MAX_NAME_LENGTH,
  MAX_VERSION,
  type NewPerson,
  type NewPersonWithId,
  newPersonSchema,
  type Person,
  type PersonChanges,
  parseNewPerson,
  parsePerson,
  parsePersonChanges,
  parseVersion,
  personChangesSchema,
  personSchema,
} from './person';
export {
  isPersonId,
  MAX_PERSON_ID_LENGTH,
  PERSON_ID_PATTERN,
  parsePersonId,
  typeName,
} from './person-id';
export { parseServiceMode, type ServiceMode } from './service-mode';
export { parseExpectedVersion, parseNewPersonWithId } from './write-arguments';
