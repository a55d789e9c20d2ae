/**
 * Redis did not take the request: it is down, unreachable or restarting.
 * Nothing was enqueued for sure, and the call can be repeated safely, since
 * enqueueing an asset already in flight changes nothing.
 */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
  readonly retryable = true;

  constructor(cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`Redis is unavailable, nothing was enqueued: ${why}`, { cause });
  }
}
