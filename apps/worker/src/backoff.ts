/** How waits grow between tries: exponential, capped, with random spread. */
export interface BackoffPolicy {
  /** The first wait, in ms. */
  initialDelayMs: number;
  /** Each wait is this many times the one before. */
  factor: number;
  /** No wait is longer than this before jitter, in ms. */
  maxDelayMs: number;
  /**
   * Random extra time as a fraction of the wait (0.1 adds 0 to 10 %), so
   * assets enqueued together do not poll together forever.
   */
  jitter: number;
}

/**
 * The wait before try number `step + 1`, for `step` from 0:
 * min(maxDelay, initialDelay × factor^step), plus up to `jitter` of that.
 * `random` returns a number in [0, 1), as `Math.random` does.
 */
export function backoffDelayMs(
  step: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, step);
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** exponent);

  return Math.round(base + base * policy.jitter * random());
}
