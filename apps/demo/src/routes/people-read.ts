import { parseIdList, parsePersonId } from '@cachetoggle/model';
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
      const answer = await service.getMany(parseIds(request.query.ids, maxIdsPerRequest));
      for (const { source } of answer.people) meter.countRead(source);
      return answer;
    },
  );
};

/**
 * Splits `ids=a,b,c` (also given as repeated `ids=`) and checks it by the model's one rule for
 * id lists: every id valid (an invalid one named `ids.<index>`), at most `max` distinct ids.
 */
function parseIds(value: string | string[], max: number): string[] {
  return parseIdList([value].flat().join(',').split(','), max);
}
