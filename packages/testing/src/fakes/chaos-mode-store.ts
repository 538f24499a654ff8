import type { ModeStore, SharedMode } from '@cachetoggle/model';
import { Chaos } from './chaos';

/** Wraps any `ModeStore` (fake or real) with on-demand failures, hangs and pauses. */
export class ChaosModeStore extends Chaos<ModeStore> implements ModeStore {
  constructor(readonly inner: ModeStore) {
    super('db', ['read', 'write']);
  }

  read(): Promise<SharedMode | undefined> {
    return this.run('read', [], () => this.inner.read());
  }

  write(useDb: boolean): Promise<SharedMode> {
    return this.run('write', [useDb], () => this.inner.write(useDb));
  }
}
