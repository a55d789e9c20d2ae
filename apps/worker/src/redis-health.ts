import type { RedisClient } from '@crun/tracking';

import type { Logger } from './logger.js';

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Whether an error only says the Redis connection is down, which reconnection handles. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }

  const code = (error as NodeJS.ErrnoException).code;
  if (code && CONNECTION_ERROR_CODES.has(code)) {
    return true;
  }

  return /Connection is closed|Stream isn't writeable|connect ETIMEDOUT/.test(error.message);
}

/**
 * Logs once when Redis stops answering and once when it is back, instead of
 * one line per reconnection attempt; ioredis and BullMQ reconnect by
 * themselves, so there is nothing else to do.
 */
export function watchRedisConnection(connection: RedisClient, logger: Logger): void {
  let lostAt: number | undefined;

  connection.on('error', (error: Error) => {
    if (lostAt === undefined && isConnectionError(error)) {
      lostAt = Date.now();
      logger.warn({ error: error.message }, 'Redis connection lost; reconnecting');
    }
  });

  connection.on('ready', () => {
    if (lostAt !== undefined) {
      logger.info({ downMs: Date.now() - lostAt }, 'Redis connection restored');
      lostAt = undefined;
    }
  });
}
