import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from './config';

/** Paths pino replaces with `[redacted]` wherever a request or its headers get logged. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'request.headers.authorization',
  'headers.authorization',
  'authorization',
];

/**
 * The demo's logger: JSON lines on stdout (or `destination`). The Authorization header is
 * redacted; nothing logs `DATABASE_URL` or the admin token (the wiring logs `host:port/db` only).
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
