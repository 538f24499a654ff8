export { modeStoreContract, type OpenedModeStore } from './mode-store.contract';
export {
  type OpenedPersonCache,
  type PersonCacheCapabilities,
  personCacheContract,
} from './person-cache.contract';
export { personCacheReadOrLeaseContract } from './person-cache-read-or-lease.contract';
export { personCacheSharedStoreContract } from './person-cache-shared-store.contract';
export {
  type OpenedPersonDb,
  type PersonDbCapabilities,
  personDbContract,
} from './person-db.contract';
export { personDbOutboxCases } from './person-db-outbox.contract';
export type { OpenedSharedRowStore } from './shared-row-store';
export type {
  ContractAssertion,
  ContractAsyncAssertion,
  ContractTestBody,
  ContractTestRunner,
} from './test-runner';
export { type OpenedTopologyStore, topologyStoreContract } from './topology-store.contract';
