import type { CrunClient } from '@crun/api';
import {
  applyRetryPolicy,
  type EventPublisher,
  type StoredJobData,
  type TrackingJobData,
  trackingJobDataOf,
} from '@crun/tracking';
import { DelayedError, type Job, RateLimitError } from 'bullmq';

import { assetEventOf } from './asset-event-of.js';
import type { FleetControl } from './fleet/fleet-control.js';
import { reportToFleet } from './fleet/report-to-fleet.js';
import type { SaveJobData } from './job-data-script.js';
import type { Logger } from './logger.js';
import { decideNextStep, type NextStep } from './next-step.js';
import type { WorkerMetrics } from './ops/worker-metrics.js';
import { readStatus } from './read-status.js';
import type { ReadyTimeStore } from './ready-time/ready-time-store.js';
import { timelineWith } from './timeline-step.js';
import type { TrackingPolicy } from './tracking-policy.js';

export interface CheckAssetDeps {
  client: CrunClient;
  publisher: EventPublisher;
  fleet: FleetControl;
  metrics: WorkerMetrics;
  /** Review times the fleet has observed, per asset type. */
  readyTimes: ReadyTimeStore;
  policy: TrackingPolicy;
  logger: Logger;
  /** Writes a check's data on the worker's own connection; see `jobDataSaver`. */
  saveData: SaveJobData;
  random?: (() => number) | undefined;
}

/**
 * Takes no abort signal on purpose: BullMQ creates an AbortController for
 * every job whose processor declares a third parameter, and the HTTP client
 * would combine it with its own timeout signal on every read, yet nothing
 * here ever cancels a job (a read is bounded by the client's timeout).
 */
export type AssetCheck = (job: Job<StoredJobData>, token?: string) => Promise<void>;

/**
 * What the check throws to tell BullMQ the job is parked. A signal, not a
 * fault: nothing reads its stack, so one instance serves every check
 * instead of capturing a stack trace per check.
 */
const PARKED = new DelayedError();

/**
 * The job processor: reads the asset's status once, then publishes the
 * outcome (the job completes and is removed), parks the job in BullMQ's
 * delayed set until its next read with the poll count and timeline in its
 * data, or, for faults of the whole fleet, hands it back to the queue while
 * the fleet pauses (BullMQ's `RateLimitError`).
 */
export function createAssetCheck(deps: CheckAssetDeps): AssetCheck {
  return async (job, token) => {
    // First, so that whatever this check throws is retried by this policy.
    applyRetryPolicy(job);
    const data = trackingJobDataOf(job.id as string, job.data, job.progress);
    const startedAt = performance.now();
    const result = await readStatus(deps.client, data.assetId);
    const readMs = performance.now() - startedAt;
    const pauseMs = await reportToFleet(deps.fleet, result);

    const nowMs = Date.now();
    const step = decideNextStep(data, result, nowMs, deps.policy, deps.random, (type) =>
      deps.readyTimes.earliestReadyMs(type),
    );
    deps.metrics.recordCheck(result, step, readMs, data.polls === 0 && data.retries === 0);

    if (step.action === 'resolve') {
      await resolve(deps, data, step, nowMs);
      return;
    }

    if (step.action === 'hold') {
      // Costs a write, but only on 429/401/402, when the fleet pauses anyway.
      const reason = step.fault === 'rate-limited' ? 'rate-limit' : 'account';
      const timeline = timelineWith(data, nowMs, result, pauseMs ?? null, reason, deps.policy);
      await deps.saveData({ ...data, timeline });
      throw new RateLimitError();
    }

    deps.logger.debug(
      { assetId: data.assetId, polls: step.data.polls, why: step.why, untilMs: step.untilMs },
      'check scheduled',
    );
    // Both commands go out on the worker's one connection, which keeps their
    // order, so sending them together saves a round trip per check.
    const [saved] = await Promise.all([
      deps.saveData(step.data),
      job.moveToDelayed(step.untilMs, token),
    ]);
    if (saved === 'ended') {
      await removeEnded(deps.logger, job, data.assetId);
    }

    throw PARKED;
  };
}

async function resolve(
  deps: CheckAssetDeps,
  data: TrackingJobData,
  step: Extract<NextStep, { action: 'resolve' }>,
  nowMs: number,
): Promise<void> {
  const event = assetEventOf(data, step, nowMs);
  const outcome = await deps.publisher.publishOnce(event);
  if (!outcome) {
    deps.logger.debug({ assetId: event.assetId }, 'job gone before publishing; nothing published');
    return;
  }

  if (outcome.type === 'asset.cancelled') {
    // The cancel won: the job completes and goes, and no outcome follows it.
    deps.logger.info(
      { assetId: event.assetId, eventId: outcome.id },
      'tracking was cancelled during its last read; nothing published',
    );
    return;
  }

  // Unpublished here means an earlier run of this check published (a command
  // resent after a reconnect, a worker that died after publishing) and never
  // got to report it: this run does, once.
  if (event.type === 'asset.ready' && step.asset) {
    deps.metrics.recordReady(data.firstSeenAt, nowMs);
    await deps.readyTimes.record(step.asset);
  }

  deps.logger.info(
    { assetId: event.assetId, type: event.type, polls: event.polls, eventId: outcome.id },
    'asset resolved',
  );
}

/** The tracking was cancelled during this check: the job, now parked and unlocked, goes. */
async function removeEnded(logger: Logger, job: Job, assetId: string): Promise<void> {
  try {
    await job.remove();
    logger.info({ assetId }, 'cancelled tracking removed after its last check');
  } catch (error) {
    // Promoted and taken by another worker meanwhile: its check removes it.
    const message = error instanceof Error ? error.message : String(error);
    logger.debug({ assetId, error: message }, 'cancelled job still locked');
  }
}
