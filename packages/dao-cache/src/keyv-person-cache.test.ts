import { personCacheContract } from '@cachetoggle/testing/contracts';
import { KeyvPersonCache } from './keyv-person-cache';

personCacheContract('KeyvPersonCache on the default in-process Map', async () => ({
  cache: new KeyvPersonCache(),
}));
