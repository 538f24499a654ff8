/**
 * Runs tasks one at a time per key, in call order; tasks on different keys run concurrently.
 * A key's queue is dropped as soon as it runs empty, so memory follows the keys in use, not
 * every key ever seen.
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `task` after every earlier task on `key` has settled; settles as `task` does. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    const result = previous === undefined ? task() : previous.then(task);
    const tail = result.then(ignore, ignore);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** How many keys have a task queued or running. */
  get activeKeys(): number {
    return this.#tails.size;
  }
}

function ignore(): void {}
