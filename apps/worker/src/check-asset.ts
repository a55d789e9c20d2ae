import { type CrunClient, CrunError } from '@crun/api';
import type { EventPublisher, TrackingJobData } from '@crun/tracking';
import { DelayedError, type Job } from 'bullmq';

import { assetEventOf } from './asset-event-of.js';
import { CrunHealth } from './crun-health.js';
import type { Logger } from './logger.js';
import { decideNextStep, isAssetFault, type ReadResult } from './next-step.js';
import type { TrackingPolicy } from './tracking-policy.js';

export interface CheckAssetDeps {
  client: CrunClient;
  publisher: EventPublisher;
  policy: TrackingPolicy;
  logger: Logger;
  random?: () => number;
}

export type AssetCheck = (job: Job<TrackingJobData>, token?: string) => Promise<void>;

/**
 * The job processor: reads the asset's status once, then either publishes
 * the outcome (the job then completes and is removed) or parks the job in
 * BullMQ's delayed set until its next read, with the poll count kept in the
 * job's data.
 */
export function createAssetCheck(deps: CheckAssetDeps): AssetCheck {
  const health = new CrunHealth();

  return async (job, token) => {
    const data = job.data;
    const result = await readStatus(deps.client, data.assetId);
    logHealthChange(deps.logger, health, result);

    const nowMs = Date.now();
    const step = decideNextStep(data, result, nowMs, deps.policy, deps.random);

    if (step.action === 'resolve') {
      const event = assetEventOf(data, step, nowMs);
      const eventId = await deps.publisher.publish(event);
      deps.logger.info(
        { assetId: data.assetId, type: event.type, polls: event.polls, eventId, jobId: job.id },
        'asset resolved',
      );
      return;
    }

    deps.logger.debug(
      { assetId: data.assetId, polls: step.data.polls, why: step.why, untilMs: step.untilMs },
      'check scheduled',
    );
    await job.updateData(step.data);
    await job.moveToDelayed(step.untilMs, token);
    throw new DelayedError();
  };
}

async function readStatus(client: CrunClient, assetId: string): Promise<ReadResult> {
  try {
    return { asset: await client.getAssetInfo(assetId) };
  } catch (error) {
    if (error instanceof CrunError) {
      return { error };
    }

    throw error;
  }
}

function logHealthChange(logger: Logger, health: CrunHealth, result: ReadResult): void {
  const isFault = 'error' in result && !isAssetFault(result.error);
  const change = isFault ? health.recordFault(result.error) : health.recordAnswer();

  if (change?.kind === 'faulting') {
    const { name, message } = change.error;
    logger.warn({ error: { name, message } }, 'Crun reads failing; retrying with backoff');
  } else if (change?.kind === 'recovered') {
    logger.info({ faults: change.faults, afterMs: change.sinceMs }, 'Crun reads succeeding again');
  }
}
