import type { Options } from 'tsup';

/** The build of every published package: ESM + CJS + types, for Node 20. */
export const publishedPackageBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
};
