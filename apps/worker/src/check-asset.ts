import { CrunApiError, type CrunClient, CrunError } from '@crun/api';
import type { EventPublisher, TrackingJobData } from '@crun/tracking';
import { DelayedError, type Job, RateLimitError } from 'bullmq';

import { assetEventOf } from './asset-event-of.js';
import type { FleetControl } from './fleet/fleet-control.js';
import type { Logger } from './logger.js';
import { classifyFault, decideNextStep, type NextStep, type ReadResult } from './next-step.js';
import type { WorkerMetrics } from './ops/worker-metrics.js';
import type { TrackingPolicy } from './tracking-policy.js';

export interface CheckAssetDeps {
  client: CrunClient;
  publisher: EventPublisher;
  fleet: FleetControl;
  metrics: WorkerMetrics;
  policy: TrackingPolicy;
  logger: Logger;
  random?: (() => number) | undefined;
}

export type AssetCheck = (
  job: Job<TrackingJobData>,
  token?: string,
  signal?: AbortSignal,
) => Promise<void>;

/**
 * The job processor: reads the asset's status once, then publishes the
 * outcome (the job completes and is removed), parks the job in BullMQ's
 * delayed set until its next read with the poll count in its data, or, for
 * faults of the whole fleet, hands it back to the queue while the fleet
 * pauses (BullMQ's `RateLimitError`).
 */
export function createAssetCheck(deps: CheckAssetDeps): AssetCheck {
  return async (job, token, signal) => {
    const data = job.data;
    const startedAt = performance.now();
    const result = await readStatus(deps.client, data.assetId, signal);
    const readMs = performance.now() - startedAt;
    await reportToFleet(deps.fleet, result);

    const nowMs = Date.now();
    const step = decideNextStep(data, result, nowMs, deps.policy, deps.random);
    deps.metrics.recordCheck(result, step, readMs, data.polls === 0 && data.retries === 0);

    if (step.action === 'resolve') {
      await resolve(deps, job, step, nowMs);
      return;
    }

    if (step.action === 'hold') {
      throw new RateLimitError();
    }

    deps.logger.debug(
      { assetId: data.assetId, polls: step.data.polls, why: step.why, untilMs: step.untilMs },
      'check scheduled',
    );
    // Both commands go out on the worker's one connection, which keeps their
    // order, so sending them together saves a round trip per check.
    await Promise.all([job.updateData(step.data), job.moveToDelayed(step.untilMs, token)]);
    throw new DelayedError();
  };
}

async function resolve(
  deps: CheckAssetDeps,
  job: Job<TrackingJobData>,
  step: Extract<NextStep, { action: 'resolve' }>,
  nowMs: number,
): Promise<void> {
  const event = assetEventOf(job.data, step, nowMs);
  const eventId = await deps.publisher.publish(event);
  if (event.type === 'asset.ready') {
    deps.metrics.recordReady(job.data.firstSeenAt, nowMs);
  }

  deps.logger.info(
    { assetId: event.assetId, type: event.type, polls: event.polls, eventId },
    'asset resolved',
  );
}

async function readStatus(
  client: CrunClient,
  assetId: string,
  signal: AbortSignal | undefined,
): Promise<ReadResult> {
  try {
    return { asset: await client.getAssetInfo(assetId, { signal }) };
  } catch (error) {
    if (error instanceof CrunError) {
      return { error };
    }

    throw error;
  }
}

async function reportToFleet(fleet: FleetControl, result: ReadResult): Promise<void> {
  if (!('error' in result)) {
    await fleet.onAnswer();
    return;
  }

  const { error } = result;
  const fault = classifyFault(error);
  if (fault === 'asset') {
    await fleet.onAnswer();
  } else if (fault === 'rate-limited' && error instanceof CrunApiError) {
    await fleet.onRateLimited(error.retryAfterMs);
  } else if (fault === 'account' && error instanceof CrunApiError) {
    await fleet.onAccountFault(error);
  } else {
    await fleet.onFault(error);
  }
}
