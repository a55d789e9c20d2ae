import { type Asset, CrunApiError, type CrunError } from '@crun/api';
import type { AssetEventType, TrackingJobData } from '@crun/tracking';

import { backoffDelayMs } from './backoff.js';
import type { TrackingPolicy } from './tracking-policy.js';

/** What one status read gave: the asset, or the Crun error it failed with. */
export type ReadResult = { asset: Asset } | { error: CrunError };

/** Why a job waits before its next read; shown in logs. */
export type WaitReason = 'backoff' | 'deadline' | 'fault';

/**
 * - `resolve`: publish the outcome; tracking ends.
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
 */
export function decideNextStep(
  data: TrackingJobData,
  result: ReadResult,
  nowMs: number,
  policy: TrackingPolicy,
  random: () => number = Math.random,
): NextStep {
  const deadlineAt = data.firstSeenAt + policy.deadlineMs;

  if ('asset' in result) {
    return afterAnswer(data, result.asset, nowMs, deadlineAt, policy, random);
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
): NextStep {
  if (asset.status !== 'Processing') {
    const type = OUTCOME_OF_STATUS[asset.status];
    return { action: 'resolve', type, asset, polls: data.polls + 1, reason: null };
  }

  const polls = data.polls + 1;
  if (nowMs >= deadlineAt) {
    const reason = `still Processing after ${polls} polls at the tracking deadline`;
    return { action: 'resolve', type: 'asset.timed_out', asset, polls, reason };
  }

  const dueAt = nowMs + backoffDelayMs(polls - 1, policy.poll, random);
  const why = dueAt >= deadlineAt ? 'deadline' : 'backoff';
  const untilMs = Math.min(dueAt, deadlineAt);

  return { action: 'wait', untilMs, data: { ...data, polls, retries: 0 }, why };
}

function afterError(
  data: TrackingJobData,
  error: CrunError,
  nowMs: number,
  deadlineAt: number,
  policy: TrackingPolicy,
  random: () => number,
): NextStep {
  const assetFault = assetFaultOf(error);
  if (assetFault) {
    return { action: 'resolve', ...assetFault, asset: null, polls: data.polls };
  }

  const fault = classifyFault(error);
  if ((fault === 'rate-limited' || fault === 'account') && error instanceof CrunApiError) {
    return { action: 'hold', fault, error };
  }

  if (nowMs >= deadlineAt) {
    const reason = `unreadable at the tracking deadline: ${error.message}`;
    return { action: 'resolve', type: 'asset.timed_out', asset: null, polls: data.polls, reason };
  }

  const retries = data.retries + 1;
  const hint = error instanceof CrunApiError ? error.retryAfterMs : undefined;
  const waitMs = hint ?? backoffDelayMs(retries - 1, policy.retry, random);
  const untilMs = Math.min(nowMs + waitMs, deadlineAt);

  return { action: 'wait', untilMs, data: { ...data, retries }, why: 'fault' };
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
