import { TopologyError } from '@crun/tracking';

/**
 * Redis did not take the request: it is down, unreachable or restarting.
 * Nothing was enqueued for sure, and the call can be repeated safely, since
 * enqueueing an asset already in flight changes nothing.
 */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
  readonly retryable = true;

  /** @param consequence what did not happen, for the message. */
  constructor(cause: unknown, consequence = 'nothing was enqueued') {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`Redis is unavailable, ${consequence}: ${why}`, { cause });
  }
}

/**
 * Runs a Redis call, turning its failures into `RedisUnavailableError`.
 * TypeError and RangeError are the caller's mistakes, and TopologyError a
 * configuration that cannot work; they pass unchanged.
 */
export async function orUnavailable<T>(call: () => Promise<T>, consequence: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (
      error instanceof TypeError ||
      error instanceof RangeError ||
      error instanceof TopologyError
    ) {
      throw error;
    }

    throw new RedisUnavailableError(error, consequence);
  }
}
