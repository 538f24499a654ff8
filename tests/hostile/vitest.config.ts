import { packageProject } from '../../vitest.shared.ts';

export default packageProject('hostile', {
  globalSetup: [
    '../../packages/testing/src/memcached/global-setup.ts',
    '../../packages/testing/src/mariadb/global-setup.ts',
  ],
});
