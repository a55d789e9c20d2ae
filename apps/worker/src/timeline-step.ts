import { CrunApiError, CrunNetworkError, CrunTimeoutError } from '@crun/api';
import {
  appendTimeline,
  DEFAULT_TIMELINE_LENGTH,
  type TimelineObservation,
  type TimelineReason,
  type TrackingJobData,
  timelineSeconds,
} from '@crun/tracking';

import type { ReadResult } from './next-step.js';
import type { TrackingPolicy } from './tracking-policy.js';

/** What a read saw, as the timeline names it. */
export function observationOf(result: ReadResult): TimelineObservation {
  if ('asset' in result) {
    return result.asset.status;
  }

  const { error } = result;
  if (error instanceof CrunApiError) {
    return `code ${error.code}`;
  }

  if (error instanceof CrunTimeoutError) {
    return 'timeout';
  }

  return error instanceof CrunNetworkError ? 'network error' : 'malformed answer';
}

/**
 * The job's timeline with this read added: when it happened (from the
 * tracking's start), what it saw, the wait chosen (null: none) and why.
 */
export function timelineWith(
  data: TrackingJobData,
  nowMs: number,
  result: ReadResult,
  delayMs: number | null,
  reason: TimelineReason,
  policy: TrackingPolicy,
): string | undefined {
  const entry = [
    timelineSeconds(nowMs - data.firstSeenAt),
    observationOf(result),
    delayMs === null ? null : timelineSeconds(delayMs),
    reason,
  ] as const;

  return appendTimeline(
    data.timeline,
    [...entry],
    policy.timelineLength ?? DEFAULT_TIMELINE_LENGTH,
  );
}
