import { type Asset, CrunApiError, type CrunError } from '@crun/api';
import type { AssetEventType, TrackingJobData } from '@crun/tracking';

import { backoffDelayMs } from './backoff.js';
import { adaptiveDueAt } from './ready-time/adaptive-due-at.js';
import { timelineWith } from './timeline-step.js';
import type { TrackingPolicy } from './tracking-policy.js';

/** What one status read gave: the asset, or the Crun error it failed with. */
export type ReadResult = { asset: Asset } | { error: CrunError };

/** Why a job waits before its next read; shown in logs and the timeline. */
export type WaitReason = 'backoff' | 'deadline' | 'fault' | 'server-hint' | 'ready-time';

/**
 * How long after creation reviews of an asset type rarely end yet, in ms, as
 * the fleet has observed; `undefined` while it knows too little.
 */
export type EarliestReady = (assetType: string) => number | undefined;

/**
 * - `resolve`: publish the outcome; tracking ends. `timeline` ends with the
 *   deciding read.
 * - `wait`: park the job until `untilMs` with updated data.
 * - `hold`: the fault is the fleet's, not the asset's (429, a rejected key,
 *   no credits): the job goes back to the queue untouched, not counted as a
 *   poll, and the fleet pauses; deadlines never end a held job.
 */
export type NextStep =
  | {
      action: 'resolve';
      type: AssetEventType;
      asset: Asset | null;
      polls: number;
      reason: string | null;
      timeline: string | undefined;
    }
  | { action: 'wait'; untilMs: number; data: TrackingJobData; why: WaitReason }
  | { action: 'hold'; fault: 'rate-limited' | 'account'; error: CrunApiError };

/** Who a failed read is about, which decides what happens next. */
export type FaultClass = 'asset' | 'rate-limited' | 'account' | 'transient';

const OUTCOME_OF_STATUS = { Active: 'asset.ready', Failed: 'asset.failed' } as const;

/**
 * Decides what follows one status read. Pure: the worker does the I/O.
 *
 * A `Processing` answer counts as a poll and pushes the backoff further; a
 * failed read does not, it only waits (for the server's `Retry-After` when
 * given). The deadline ends tracking, but never without a last read: a job
 * whose next wait would pass it is scheduled for the deadline itself.
 * When the fleet knows how long reviews of the asset's type usually take
 * (`earliestReady`), reads wait for that and follow the backoff from there.
 */
export function decideNextStep(
  data: TrackingJobData,
  result: ReadResult,
  nowMs: number,
  policy: TrackingPolicy,
  random: () => number = Math.random,
  earliestReady: EarliestReady = () => undefined,
): NextStep {
  const deadlineAt = data.firstSeenAt + policy.deadlineMs;

  if ('asset' in result) {
    const earliest = earliestReady(result.asset.assetType);
    return afterAnswer(data, result.asset, nowMs, deadlineAt, policy, random, earliest);
  }

  return afterError(data, result.error, nowMs, deadlineAt, policy, random);
}

function afterAnswer(
  data: TrackingJobData,
  asset: Asset,
  nowMs: number,
  deadlineAt: number,
  policy: TrackingPolicy,
  random: () => number,
  earliestReadyMs: number | undefined,
): NextStep {
  const result = { asset };
  const polls = data.polls + 1;
  if (asset.status !== 'Processing') {
    const type = OUTCOME_OF_STATUS[asset.status];
    const timeline = timelineWith(data, nowMs, result, null, 'resolved', policy);
    return { action: 'resolve', type, asset, polls, reason: null, timeline };
  }

  if (nowMs >= deadlineAt) {
    const reason = `still Processing after ${polls} polls at the tracking deadline`;
    const timeline = timelineWith(data, nowMs, result, null, 'resolved', policy);
    return { action: 'resolve', type: 'asset.timed_out', asset, polls, reason, timeline };
  }

  const created = asset.createTime.getTime();
  const dueAt =
    earliestReadyMs === undefined
      ? nowMs + backoffDelayMs(polls - 1, policy.poll, random)
      : adaptiveDueAt(nowMs, created, earliestReadyMs, policy.poll, random);
  const paced = earliestReadyMs === undefined ? 'backoff' : 'ready-time';
  const why = dueAt >= deadlineAt ? 'deadline' : paced;
  const untilMs = Math.min(dueAt, deadlineAt);
  const timeline = timelineWith(data, nowMs, result, untilMs - nowMs, why, policy);

  return { action: 'wait', untilMs, data: { ...data, polls, retries: 0, timeline }, why };
}

function afterError(
  data: TrackingJobData,
  error: CrunError,
  nowMs: number,
  deadlineAt: number,
  policy: TrackingPolicy,
  random: () => number,
): NextStep {
  const result = { error };
  const { polls } = data;
  const assetFault = assetFaultOf(error);
  if (assetFault) {
    const timeline = timelineWith(data, nowMs, result, null, 'resolved', policy);
    return { action: 'resolve', ...assetFault, asset: null, polls, timeline };
  }

  const fault = classifyFault(error);
  if ((fault === 'rate-limited' || fault === 'account') && error instanceof CrunApiError) {
    return { action: 'hold', fault, error };
  }

  if (nowMs >= deadlineAt) {
    const reason = `unreadable at the tracking deadline: ${error.message}`;
    const timeline = timelineWith(data, nowMs, result, null, 'resolved', policy);
    return { action: 'resolve', type: 'asset.timed_out', asset: null, polls, reason, timeline };
  }

  const retries = data.retries + 1;
  const hint = error instanceof CrunApiError ? error.retryAfterMs : undefined;
  const waitMs = hint ?? backoffDelayMs(retries - 1, policy.retry, random);
  const untilMs = Math.min(nowMs + waitMs, deadlineAt);
  const chosen = hint === undefined ? 'fault' : 'server-hint';
  const why = nowMs + waitMs > deadlineAt ? 'deadline' : chosen;
  const timeline = timelineWith(data, nowMs, result, untilMs - nowMs, why, policy);

  return { action: 'wait', untilMs, data: { ...data, retries, timeline }, why };
}

/**
 * Sorts a failed read: final for the asset (404/422 in Crun's envelope),
 * the fleet's to wait out (429; 401/402 need a person), or transient (5xx,
 * 455, timeouts, resets, malformed answers, anything unrecognised), retried
 * per job with backoff.
 */
export function classifyFault(error: CrunError): FaultClass {
  if (assetFaultOf(error)) {
    return 'asset';
  }

  if (!(error instanceof CrunApiError)) {
    return 'transient';
  }

  if (error.kind === 'rate-limited') {
    return 'rate-limited';
  }

  const accountKinds = ['unauthorized', 'insufficient-credits'];
  return accountKinds.includes(error.kind) ? 'account' : 'transient';
}

/**
 * The outcome for errors about the asset itself, which are final. Only an answer in
 * Crun's own envelope counts: a bare 404 page more likely means a wrong base
 * URL than an unknown asset, and must not end every tracking at once.
 */
function assetFaultOf(error: CrunError): { type: AssetEventType; reason: string } | undefined {
  if (!(error instanceof CrunApiError) || !error.fromEnvelope) {
    return undefined;
  }

  if (error.kind === 'not-found') {
    return { type: 'asset.not_found', reason: error.serverMessage ?? 'unknown asset ID' };
  }

  if (error.kind === 'invalid-request') {
    return { type: 'asset.invalid', reason: error.serverMessage ?? 'asset ID rejected' };
  }

  return undefined;
}
