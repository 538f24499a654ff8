import { packageProject } from '../../vitest.shared';

export default packageProject('dao-db', {
  globalSetup: ['../testing/src/mariadb/global-setup.ts'],
});
