/**
 * What one status read saw: a status, Crun's error code (the envelope's
 * `code`, else the HTTP status), or a read that got no usable answer.
 */
export type TimelineObservation =
  | 'Processing'
  | 'Active'
  | 'Failed'
  | 'timeout'
  | 'network error'
  | 'malformed answer'
  | `code ${number}`;

/**
 * Why the next read waits as long as it does:
 * - `backoff`: the poll schedule after a `Processing` answer;
 * - `server-hint`: Crun's `Retry-After` after a fault;
 * - `fault`: the retry schedule after a fault without a hint;
 * - `deadline`: the wait was cut to the tracking deadline;
 * - `rate-limit`: a 429 paused the fleet for this long;
 * - `account`: Crun rejected the key or the account; one probe per interval;
 * - `resolved`: the last read of a tracking (no next wait);
 * - `recheck`: a read by the re-validation sweep (no next wait);
 * - `ready-time`: waiting for when reviews of this asset type usually end,
 *   as the fleet has observed them.
 */
export type TimelineReason =
  | 'backoff'
  | 'server-hint'
  | 'fault'
  | 'deadline'
  | 'rate-limit'
  | 'account'
  | 'resolved'
  | 'recheck'
  | 'ready-time';

/**
 * One read: seconds since the tracking began, what it saw, the wait chosen
 * before the next read in seconds (null when there is none), and why.
 * Times are tenths of a second below 10 s, whole seconds from there.
 */
export type TimelineEntry = [
  offsetSeconds: number,
  observed: TimelineObservation,
  nextDelaySeconds: number | null,
  reason: TimelineReason,
];

/** Reads a tracking keeps in its timeline unless told otherwise. */
export const DEFAULT_TIMELINE_LENGTH = 8;

/** A duration in ms as the timeline writes it, in seconds. */
export function timelineSeconds(ms: number): number {
  const seconds = Math.max(0, ms) / 1000;
  return seconds < 10 ? Math.round(seconds * 10) / 10 : Math.round(seconds);
}
