import { packageProject } from '../../vitest.shared.ts';

export default packageProject('consistency', { testTimeout: 60_000 });
