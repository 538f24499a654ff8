import { packageProject } from '../../vitest.shared.ts';

export default packageProject('testing', {
  globalSetup: ['./src/memcached/global-setup.ts', './src/mariadb/global-setup.ts'],
});
