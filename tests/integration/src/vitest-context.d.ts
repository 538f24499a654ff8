// What the testing package's global setups (listed in vitest.config.ts) provide to this run;
// the same augmentation as theirs, declared here because their files are not imported.
declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    memcacheServers: string;
    memcacheNamespace: string;
  }
}

export {};
