import { Redis } from 'ioredis';

/**
 * What a connection is for, which decides how it behaves while Redis is away:
 * - `worker`: waits and retries commands forever (BullMQ requires this for
 *   workers, and a worker has nothing better to do);
 * - `client`: fails a command after one reconnection attempt or after
 *   COMMAND_TIMEOUT_MS, so a producer's call during an outage returns an
 *   error its caller can retry instead of hanging.
 */
export type ConnectionRole = 'worker' | 'client';

const CONNECT_TIMEOUT_MS = 5_000;
const MAX_RECONNECT_DELAY_MS = 500;
const COMMAND_TIMEOUT_MS = 5_000;

/**
 * A connection with a command pending that hears nothing for this long is
 * taken for dead (a network that silently drops packets never closes the
 * socket) and replaced. It must outlast the longest legitimate silence:
 * BullMQ blocks for up to 10 s waiting for jobs, the event reader for 5 s.
 */
const SOCKET_TIMEOUT_MS = 20_000;

/** Opens a connection to `url` (`redis://` or `rediss://`), tuned for its role. */
export function createRedisConnection(url: string, role: ConnectionRole): Redis {
  assertRedisUrl(url);

  return new Redis(url, {
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    socketTimeout: SOCKET_TIMEOUT_MS,
    ...(role === 'worker'
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS }),
  });
}

/**
 * Resolves once `redis` answers PING, or rejects after `timeoutMs` with one
 * clear message, so a process started without Redis says so once instead of
 * logging reconnection errors forever.
 */
export async function waitForRedis(redis: Redis, url: string, timeoutMs = 10_000): Promise<void> {
  let lastError: unknown;
  const onError = (error: unknown) => {
    lastError = error;
  };
  redis.on('error', onError);

  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (redis.status === 'ready' && (await redis.ping().catch(onError)) === 'PONG') {
        return;
      }

      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    redis.off('error', onError);
  }

  const why = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`cannot reach Redis at ${redactRedisUrl(url)} within ${timeoutMs} ms${why}`);
}

/** The URL with any password replaced, safe to log. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = '***';
    }

    return parsed.toString();
  } catch {
    return '<invalid Redis URL>';
  }
}

function assertRedisUrl(url: string): void {
  if (!URL.canParse(url) || !/^rediss?:$/.test(new URL(url).protocol)) {
    throw new TypeError(`not a Redis URL: ${redactRedisUrl(url)} (expected redis://host:port)`);
  }
}
