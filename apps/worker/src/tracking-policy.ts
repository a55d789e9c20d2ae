import type { BackoffPolicy } from './backoff.js';

/** When to look again at an asset, and when to give up on it. */
export interface TrackingPolicy {
  /** Waits after each `Processing` answer. */
  poll: BackoffPolicy;
  /** Waits after a failed read (rate limit without a hint, server fault, timeout). */
  retry: BackoffPolicy;
  /** How long an asset is tracked before it ends as timed out, in ms. */
  deadlineMs: number;
  /**
   * Reads each job keeps in its timeline (about 11 bytes of Redis each, per
   * asset in flight); 0 keeps none. @default 8
   */
  timelineLength?: number | undefined;
}

export const DEFAULT_TRACKING_POLICY: TrackingPolicy = {
  poll: { initialDelayMs: 5_000, factor: 2, maxDelayMs: 5 * 60_000, jitter: 0.1 },
  retry: { initialDelayMs: 1_000, factor: 2, maxDelayMs: 60_000, jitter: 0.2 },
  deadlineMs: 24 * 3600_000,
};
