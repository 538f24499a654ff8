export * from './cache-aside-person-service';
export type { BreakerState, CircuitBreakerOptions } from './circuit-breaker';
export type { InvalidationRetryOptions } from './invalidation-retry-queue';
export type { LeaseWaitOptions } from './lease';
export * from './logger';
export type { OutboxFollowerOptions } from './outbox-follower';
export * from './person-service';
export * from './protocol-hooks';
export type { CacheAsidePersonServiceOptions, ServiceOwnership } from './service-options';
