import type { BackoffPolicy } from '@crun/worker';

/**
 * What the backoff formula alone would do for an asset that turns Active
 * `processingMs` after its first read: reads at 0, d0, d0+d1, … with
 * d_n = min(max, initial × factor^n) × `stretch`. `stretch` 1 is the
 * formula without jitter; 1 + jitter/2 is its mean with jitter. `reads`
 * counts the reads up to the one that sees Active; `delayMs` is how late
 * that read is.
 */
export function idealSchedule(
  processingMs: number,
  poll: BackoffPolicy,
  stretch = 1,
): { reads: number; delayMs: number } {
  let at = 0;
  let reads = 1;

  while (at < processingMs) {
    at += Math.min(poll.maxDelayMs, poll.initialDelayMs * poll.factor ** (reads - 1)) * stretch;
    reads += 1;
  }

  return { reads, delayMs: at - processingMs };
}
