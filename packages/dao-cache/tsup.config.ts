import { defineConfig } from 'tsup';
import { publishedPackageBuild } from '../../tsup.shared.ts';

export default defineConfig({
  ...publishedPackageBuild,
  // One entry per store: the memcached cache never loads keyv.
  entry: ['src/memcache.ts', 'src/keyv.ts'],
});
