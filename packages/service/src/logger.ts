/**
 * The part of a pino logger the service uses (`pino()` satisfies it as is): structured fields
 * first, then the message.
 */
export interface Logger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  debug?(obj: object, msg: string): void;
}

/** The default logger: says nothing. */
export const silentLogger: Logger = Object.freeze({
  warn() {},
  error() {},
});
