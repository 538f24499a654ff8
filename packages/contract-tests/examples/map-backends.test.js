import { personCacheContract, personDbContract } from '@cachetoggle/contract-tests';
import * as vitest from 'vitest';
import { MapPersonCache } from './map-person-cache.js';
import { MapPersonDb } from './map-person-db.js';

personCacheContract(vitest, 'MapPersonCache', async () => ({ cache: new MapPersonCache() }));
personDbContract(vitest, 'MapPersonDb', async () => ({ db: new MapPersonDb() }));
