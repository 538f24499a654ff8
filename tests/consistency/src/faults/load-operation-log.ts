import type { ReadRecord, WriteRecord } from '../checker/operation-log';
import type { LoadSample } from './service-load';

/**
 * The reads and writes of a `ServiceLoad` in the checker's operation-log form (wall-clock
 * times), so the checker's `findStaleReads` can tell whether any read under a fault returned
 * less than a write acknowledged before it began. A failed update may or may not have been
 * committed (`unknown`); failed reads returned nothing to check.
 */
export function loadOperationLog(samples: readonly LoadSample[]): {
  reads: ReadRecord[];
  writes: WriteRecord[];
} {
  const reads: ReadRecord[] = [];
  const writes: WriteRecord[] = [];
  for (const sample of samples) {
    const startedAt = performance.timeOrigin + sample.startedAt;
    const endedAt = startedAt + sample.latencyMs;
    const person = sample.person;
    if (sample.kind === 'read') {
      if (person === undefined || sample.source === undefined) continue;
      const row = {
        lifetime: person.lastName,
        version: person.version,
        firstName: person.firstName,
      };
      reads.push({ id: sample.id, startedAt, endedAt, source: sample.source, row });
    } else if (person === undefined) {
      writes.push({ kind: 'update', id: sample.id, startedAt, endedAt, outcome: 'unknown' });
    } else {
      writes.push({
        kind: 'update',
        id: sample.id,
        startedAt,
        endedAt,
        outcome: 'acked',
        lifetime: person.lastName,
        firstName: person.firstName,
        version: person.version,
      });
    }
  }
  return { reads, writes };
}
