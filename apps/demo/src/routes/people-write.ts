import { parseNewPerson, parsePersonChanges, parsePersonId } from '@cachetoggle/model';
import type { PersonService } from '@cachetoggle/service';
import type { FastifyPluginAsync } from 'fastify';
import { parseIfMatch, versionTag } from '../if-match';
import { schemaErrorsAs } from '../schema-errors';
import { createPersonSchema, deletePersonSchema, updatePersonSchema } from '../schemas/people';

/** What the write routes need. */
export interface PeopleWriteOptions {
  readonly service: PersonService;
}

/**
 * `POST /people` (201, `Location`), `PUT /people/:id` and `DELETE /people/:id` (204). Writes
 * honour `If-Match: <version>`: a stale version is a 412 and changes nothing.
 */
export const peopleWriteRoutes: FastifyPluginAsync<PeopleWriteOptions> = async (app, options) => {
  const { service } = options;

  app.post(
    '/people',
    { schema: createPersonSchema, schemaErrorFormatter: schemaErrorsAs('person') },
    async (request, reply) => {
      const person = await service.create(parseNewPerson(request.body));
      reply
        .code(201)
        .header('location', `/people/${person.id}`)
        .header('etag', versionTag(person.version));
      return person;
    },
  );

  app.put<{ Params: { id: string } }>(
    '/people/:id',
    { schema: updatePersonSchema, schemaErrorFormatter: schemaErrorsAs('changes') },
    async (request, reply) => {
      const id = parsePersonId(request.params.id, 'id');
      const expectedVersion = parseIfMatch(request.headers['if-match']);
      const changes = parsePersonChanges(request.body);
      const person = await service.update(id, changes, expectedVersion);
      reply.header('etag', versionTag(person.version));
      return person;
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/people/:id',
    { schema: deletePersonSchema },
    async (request, reply) => {
      const id = parsePersonId(request.params.id, 'id');
      const expectedVersion = parseIfMatch(request.headers['if-match']);
      await service.delete(id, expectedVersion);
      return reply.code(204).send();
    },
  );
};
