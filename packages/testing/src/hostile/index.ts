export * from './foreign-cache-values';
export * from './hostile-bodies';
export * from './hostile-ids';
export * from './hostile-input';
export * from './hostile-names';
export * from './hostile-requests';
export * from './hostile-versions';
