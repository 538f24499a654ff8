import {
  idExists,
  type NewPersonWithId,
  NotFoundError,
  type Person,
  type PersonChanges,
  type PersonDb,
  type PersonInvalidation,
  parseExpectedVersion,
  parseIdList,
  parseInvalidationRead,
  parseNewPersonWithId,
  parsePerson,
  parsePersonChanges,
  parsePersonId,
  parseTrimAge,
  UnavailableError,
  versionMismatch,
} from '@cachetoggle/model';

/**
 * An in-memory `PersonDb` with the real semantics: versions start at 1 and grow on every write,
 * a stale `expectedVersion` is a `ConflictError`, arguments are validated, and every call
 * completes asynchronously, and every successful write records its outbox row. Each call is atomic (JavaScript runs one at a time), like a row
 * lock held for one statement.
 */
export class FakePersonDb implements PersonDb {
  readonly #rows = new Map<string, Person>();
  readonly #outbox: { seq: number; id: string; at: number }[] = [];
  #seq = 0;
  #closed = false;

  constructor(people: Iterable<Person> = []) {
    for (const person of people) this.seed(person);
  }

  async get(id: string): Promise<Person | undefined> {
    this.#checkOpen();
    return this.#rows.get(parsePersonId(id));
  }

  async getMany(ids: readonly string[]): Promise<Map<string, Person>> {
    this.#checkOpen();
    const found = new Map<string, Person>();
    for (const id of parseIdList(ids)) {
      const person = this.#rows.get(id);
      if (person) found.set(id, person);
    }
    return found;
  }

  async create(person: NewPersonWithId): Promise<Person> {
    this.#checkOpen();
    const input = parseNewPersonWithId(person);
    if (this.#rows.has(input.id)) throw idExists(input.id);
    this.#record(input.id);
    return this.#store({ ...input, version: 1 });
  }

  async update(id: string, changes: PersonChanges, expectedVersion?: number): Promise<Person> {
    this.#checkOpen();
    const current = this.#current(id, expectedVersion);
    const valid = parsePersonChanges(changes);
    this.#record(current.id);
    return this.#store({
      id: current.id,
      firstName: valid.firstName ?? current.firstName,
      lastName: valid.lastName ?? current.lastName,
      version: current.version + 1,
    });
  }

  async delete(id: string, expectedVersion?: number): Promise<void> {
    this.#checkOpen();
    const { id: validId } = this.#current(id, expectedVersion);
    this.#record(validId);
    this.#rows.delete(validId);
  }

  async readInvalidations(afterSeq: number, limit: number): Promise<readonly PersonInvalidation[]> {
    this.#checkOpen();
    const [after, most] = parseInvalidationRead(afterSeq, limit);
    return this.#outbox
      .filter((row) => row.seq > after)
      .slice(0, most)
      .map(({ seq, id }) => ({ seq, id }));
  }

  async trimInvalidations(olderThanMs: number): Promise<void> {
    this.#checkOpen();
    const cutoff = Date.now() - parseTrimAge(olderThanMs);
    while ((this.#outbox[0]?.at ?? cutoff) < cutoff) this.#outbox.shift();
  }

  /**
   * Records an outbox row for `id` without writing the person: what a writer that crashed right
   * after its commit leaves behind, for tests.
   */
  recordInvalidation(id: string): void {
    this.#record(parsePersonId(id));
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  /** Puts a row in place as is (any version), bypassing the write rules; for test setup. */
  seed(person: Person): Person {
    return this.#store(parsePerson(person));
  }

  /** The stored row, read synchronously and without counting as a call. */
  peek(id: string): Person | undefined {
    return this.#rows.get(id);
  }

  /** Number of rows. */
  get size(): number {
    return this.#rows.size;
  }

  #current(id: string, expectedVersion: number | undefined): Person {
    const validId = parsePersonId(id);
    const version = parseExpectedVersion(expectedVersion);
    const current = this.#rows.get(validId);
    if (!current) throw new NotFoundError(validId);
    if (version !== undefined && version !== current.version) {
      throw versionMismatch(validId, version, current.version);
    }
    return current;
  }

  #record(id: string): void {
    this.#outbox.push({ seq: ++this.#seq, id, at: Date.now() });
  }

  #store(person: Person): Person {
    const row = Object.freeze({ ...person });
    this.#rows.set(row.id, row);
    return row;
  }

  #checkOpen(): void {
    if (this.#closed) throw new UnavailableError('db', 'closed');
  }
}
