import { packageProject } from '../../vitest.shared';

export default packageProject('dao-cache', {
  globalSetup: ['../testing/src/memcached/global-setup.ts'],
});
