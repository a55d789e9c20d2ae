import { type DestinationStream, type Logger, pino } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

/**
 * Paths that may hold secrets in anything we log. The key is never put in
 * log objects on purpose; this is the net under that rule.
 */
const REDACTED_PATHS = [
  'apiKey',
  '*.apiKey',
  'headers["x-api-key"]',
  '*.headers["x-api-key"]',
  'password',
  '*.password',
];

/**
 * A destination for `createLogger`: JSON lines on stdout, or the same
 * events made readable for a terminal (`auto` decides by whether stdout is
 * one).
 */
export function logDestination(format: 'auto' | 'json' | 'pretty'): DestinationStream {
  const wantsPretty = format === 'pretty' || (format === 'auto' && process.stdout.isTTY);
  return wantsPretty ? pretty({ colorize: true, sync: true }) : pino.destination(1);
}

/** The service logger: one JSON object per line, on stdout unless told otherwise. */
export function createLogger(
  name: string,
  level = 'info',
  destination: DestinationStream = pino.destination(1),
): Logger {
  return pino(
    {
      name,
      level,
      base: { pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
