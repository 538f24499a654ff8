import { ValidationError } from './errors';
import { isPersonId, parsePersonId, typeName } from './person-id';

/**
 * The distinct ids of a batch read, in first-seen order, each a valid person id (an invalid one
 * is a `ValidationError` naming `ids.<index>`), and at most `maxIds` distinct ids when a limit
 * is given (an id repeated costs nothing). Every `PersonDb.getMany` and the service's batch reads apply this one rule.
 */
export function parseIdList(ids: unknown, maxIds = Number.POSITIVE_INFINITY): string[] {
  if (!Array.isArray(ids)) {
    throw new ValidationError('ids', `must be an array, got ${typeName(ids)}`);
  }
  const distinct = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    const id: unknown = ids[i];
    // The field name is spelled out only for an invalid id: most batches have none.
    distinct.add(isPersonId(id) ? id : parsePersonId(id, `ids.${i}`));
  }
  if (distinct.size > maxIds) {
    throw new ValidationError('ids', `must hold at most ${maxIds} ids, got ${distinct.size}`);
  }
  return [...distinct];
}
