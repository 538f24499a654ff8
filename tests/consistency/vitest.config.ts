import { defineProject, mergeConfig } from 'vitest/config';
import { packageProject } from '../../vitest.shared.ts';

// One file at a time: the files start server processes and measure latencies, and a checker
// run in parallel would distort the fault tests' figures.
export default mergeConfig(
  packageProject('consistency', { testTimeout: 60_000 }),
  defineProject({ test: { fileParallelism: false } }),
);
