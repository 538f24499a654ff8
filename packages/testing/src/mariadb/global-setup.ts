import type { TestProject } from 'vitest/node';
import { createTestDatabase } from './test-database';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `mysql://…/<db>` of an empty database created for this run. */
    databaseUrl: string;
  }
}

/** vitest globalSetup: a fresh database per run, dropped when the run ends. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = await createTestDatabase();
  project.provide('databaseUrl', database.url);
  return () => database.drop();
}
