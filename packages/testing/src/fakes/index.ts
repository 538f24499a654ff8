export * from './chaos';
export * from './chaos-mode-store';
export * from './chaos-person-cache';
export * from './chaos-person-db';
export * from './deferred';
export * from './fake-mode-store';
export * from './fake-person-cache';
export * from './fake-person-db';
