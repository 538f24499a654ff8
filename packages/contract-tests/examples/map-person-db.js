import {
  idExists,
  NotFoundError,
  parseExpectedVersion,
  parseIdList,
  parseNewPersonWithId,
  parsePersonChanges,
  parsePersonId,
  UnavailableError,
  versionMismatch,
} from '@cachetoggle/model';

/**
 * A team's own `PersonDb` on a `Map`, every argument checked by the model's rules. Each call
 * reads and writes in one synchronous step, so it is atomic like a row lock.
 */
export class MapPersonDb {
  #rows = new Map();
  #closed = false;

  async get(id) {
    this.#checkOpen();
    return this.#rows.get(parsePersonId(id));
  }

  async getMany(ids) {
    this.#checkOpen();
    const found = new Map();
    for (const id of parseIdList(ids)) if (this.#rows.has(id)) found.set(id, this.#rows.get(id));
    return found;
  }

  async create(input) {
    this.#checkOpen();
    const { id, firstName, lastName } = parseNewPersonWithId(input);
    if (this.#rows.has(id)) throw idExists(id);
    return this.#put({ id, firstName, lastName, version: 1 });
  }

  async update(id, changes, expectedVersion) {
    const current = this.#current(id, expectedVersion);
    const { firstName = current.firstName, lastName = current.lastName } =
      parsePersonChanges(changes);
    return this.#put({ id: current.id, firstName, lastName, version: current.version + 1 });
  }

  async delete(id, expectedVersion) {
    this.#rows.delete(this.#current(id, expectedVersion).id);
  }

  async close() {
    this.#closed = true;
  }

  #current(id, expectedVersion) {
    this.#checkOpen();
    const validId = parsePersonId(id);
    const version = parseExpectedVersion(expectedVersion);
    const row = this.#rows.get(validId);
    if (row === undefined) throw new NotFoundError(validId);
    if (version !== undefined && version !== row.version) {
      throw versionMismatch(validId, version, row.version);
    }
    return row;
  }

  #put(person) {
    this.#rows.set(person.id, Object.freeze(person));
    return person;
  }

  #checkOpen() {
    if (this.#closed) throw new UnavailableError('db', 'closed');
  }
}
