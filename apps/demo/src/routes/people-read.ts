import { parsePersonId, ValidationError } from '@cachetoggle/model';
import type { PersonService } from '@cachetoggle/service';
import type { FastifyPluginAsync } from 'fastify';
import { versionTag } from '../if-match';
import type { ReadMeter } from '../read-meter';
import { getPeopleSchema, getPersonSchema } from '../schemas/people';

/** What the read routes need. */
export interface PeopleReadOptions {
  readonly service: PersonService;
  /** Most ids one `GET /people?ids=` may ask for. */
  readonly maxIdsPerRequest: number;
  /** Counts the people answered by source and the latency of each answered read. */
  readonly meter: ReadMeter;
}

/**
 * `GET /people/:id` (the person, `x-cache-source: cache|db`, `ETag: "<version>"`) and
 * `GET /people?ids=a,b,c` (`{people: [{person, source}], missing}` in request order).
 */
export const peopleReadRoutes: FastifyPluginAsync<PeopleReadOptions> = async (app, options) => {
  const { service, maxIdsPerRequest, meter } = options;

  app.addHook('onResponse', async (_request, reply) => {
    if (reply.statusCode === 200) meter.recordLatency(reply.elapsedTime);
  });

  app.get<{ Params: { id: string } }>(
    '/people/:id',
    { schema: getPersonSchema },
    async (request, reply) => {
      const id = parsePersonId(request.params.id, 'id');
      const { person, source } = await service.get(id);
      meter.countRead(source);
      reply.header('x-cache-source', source).header('etag', versionTag(person.version));
      return person;
    },
  );

  app.get<{ Querystring: { ids: string | string[] } }>(
    '/people',
    { schema: getPeopleSchema },
    async (request) => {
      const answer = await service.getMany(parseIdList(request.query.ids, maxIdsPerRequest));
      for (const { source } of answer.people) meter.countRead(source);
      return answer;
    },
  );
};

/** Splits `ids=a,b,c` (also given as repeated `ids=`), validating count and every id. */
function parseIdList(value: string | string[], max: number): string[] {
  const ids = [value].flat().join(',').split(',');
  if (ids.length > max) {
    throw new ValidationError('ids', `must list at most ${max} ids, got ${ids.length}`);
  }
  return ids.map((id, i) => parsePersonId(id, `ids[${i}]`));
}
