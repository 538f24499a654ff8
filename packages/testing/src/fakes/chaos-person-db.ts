import type { NewPersonWithId, Person, PersonChanges, PersonDb } from '@cachetoggle/model';
import { Chaos } from './chaos';

/** Wraps any `PersonDb` (fake or real) with on-demand failures, hangs and pauses. */
export class ChaosPersonDb extends Chaos<PersonDb> implements PersonDb {
  constructor(readonly inner: PersonDb) {
    super('db', ['get', 'getMany', 'create', 'update', 'delete', 'close']);
  }

  get(id: string): Promise<Person | undefined> {
    return this.run('get', [id], () => this.inner.get(id));
  }

  getMany(ids: readonly string[]): Promise<Map<string, Person>> {
    return this.run('getMany', [ids], () => this.inner.getMany(ids));
  }

  create(person: NewPersonWithId): Promise<Person> {
    return this.run('create', [person], () => this.inner.create(person));
  }

  update(id: string, changes: PersonChanges, expectedVersion?: number): Promise<Person> {
    return this.run('update', [id, changes, expectedVersion], () =>
      this.inner.update(id, changes, expectedVersion),
    );
  }

  delete(id: string, expectedVersion?: number): Promise<void> {
    return this.run('delete', [id, expectedVersion], () => this.inner.delete(id, expectedVersion));
  }

  close(): Promise<void> {
    return this.run('close', [], () => this.inner.close());
  }
}
