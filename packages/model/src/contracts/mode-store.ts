/** The fleet's mode as the shared store holds it. */
export interface SharedMode {
  /** `true`: every process reads the database and neither reads nor fills the cache. */
  readonly useDb: boolean;
  /** When the mode was last written, in milliseconds since the epoch, by the store's clock. */
  readonly changedAt: number;
}

/**
 * Where the `useDb` mode of a whole fleet lives, so that every process follows one switch and a
 * restarted process starts in it. Kept apart from `PersonDb`: the mode is not about people, and
 * a consumer may keep it elsewhere than in the people's database (a fake, a config service).
 * Both methods turn a backend that is down or times out into `UnavailableError`; `write` of a
 * `useDb` that is not a boolean is a `ValidationError`.
 */
export interface ModeStore {
  /** The mode last written, or `undefined` when it never was. */
  read(): Promise<SharedMode | undefined>;
  /** Records `useDb` as the fleet's mode and returns what is now stored. */
  write(useDb: boolean): Promise<SharedMode>;
}
