import { parsePersonId, ValidationError } from '@cachetoggle/model';
import type { PersonService } from '@cachetoggle/service';
import type { FastifyInstance } from 'fastify';
import { versionTag } from '../if-match';
import { toPersonJson } from '../person-json';

/** What the read routes need. */
export interface PeopleReadOptions {
  readonly service: PersonService;
  /** Most ids one `GET /people?ids=` may ask for. */
  readonly maxIdsPerRequest: number;
}

/**
 * `GET /people/:id` (the person, `x-cache-source: cache|db`, `ETag: "<version>"`) and
 * `GET /people?ids=a,b,c` (`{people: [{person, source}], missing}` in request order).
 */
export function registerPeopleReadRoutes(app: FastifyInstance, options: PeopleReadOptions): void {
  const { service, maxIdsPerRequest } = options;

  app.get<{ Params: { id: string } }>('/people/:id', async (request, reply) => {
    const id = parsePersonId(request.params.id, 'id');
    const { person, source } = await service.get(id);
    reply.header('x-cache-source', source).header('etag', versionTag(person.version));
    return toPersonJson(person);
  });

  app.get<{ Querystring: { ids?: string | string[] } }>('/people', async (request) => {
    const ids = parseIdList(request.query.ids, maxIdsPerRequest);
    const { people, missing } = await service.getMany(ids);
    return {
      people: people.map(({ person, source }) => ({ person: toPersonJson(person), source })),
      missing,
    };
  });
}

/** Splits `ids=a,b,c` (also given as repeated `ids=`), validating count and every id. */
function parseIdList(value: string | string[] | undefined, max: number): string[] {
  if (value === undefined) {
    throw new ValidationError('ids', 'is required, as a comma-separated list of ids');
  }
  const ids = [value].flat().join(',').split(',');
  if (ids.length > max) {
    throw new ValidationError('ids', `must list at most ${max} ids, got ${ids.length}`);
  }
  return ids.map((id, i) => parsePersonId(id, `ids[${i}]`));
}
