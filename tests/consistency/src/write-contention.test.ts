import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError } from '@cachetoggle/model';
import { CacheAsidePersonService } from '@cachetoggle/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedServers } from './checker/shared-servers';

// Found by the checker's workload: on a healthy database, writes failed with
// `UnavailableError('db', 'deadlock')`. InnoDB deadlocks an INSERT that re-creates a deleted id
// (it holds a shared lock on the delete-marked record for its duplicate check) against an
// UPDATE or DELETE of the same id; the victim's transaction is rolled back whole, so the DAO
// runs it again instead of reporting the database as unavailable.
let servers: SharedServers;

beforeAll(async () => {
  servers = await SharedServers.start();
});

afterAll(async () => {
  await servers?.close();
});

describe('writes contending for one id on a healthy database', () => {
  it('creates, updates and deletes of one id fail only with conflicts and not-founds', async () => {
    const service = new CacheAsidePersonService({ db: servers.db, cache: servers.cache });
    const failures: Record<string, number> = {};
    const ids = Array.from({ length: 1 }, () => `wc-${randomBytes(6).toString('hex')}`);
    const writer = async (n: number) => {
      for (let i = 0; i < 100; i++) {
        const id = ids[(n + i) % ids.length] as string;
        const write = [
          () => service.create({ id, firstName: 'Again', lastName: `W${n}` }),
          () => service.update(id, { firstName: `U${n}x${i}` }),
          () => service.delete(id),
        ][(n + i) % 3] as () => Promise<unknown>;
        try {
          await write();
        } catch (error) {
          if (error instanceof ConflictError || error instanceof NotFoundError) continue;
          const message = String(error);
          failures[message] = (failures[message] ?? 0) + 1;
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, n) => writer(n)));
    await service.close();
    expect(failures).toEqual({});
  });
});
