import { CrunApiError, type CrunClient } from '@crun/api';
import {
  type AnyAssetEvent,
  assetRecordKey,
  type EventPublisher,
  finishedStateOf,
  type RedisClient,
  type TrackingLocation,
} from '@crun/tracking';
import type { Queue } from 'bullmq';

import type { FleetControl } from '../fleet/fleet-control.js';
import { reportToFleet } from '../fleet/report-to-fleet.js';
import type { Logger } from '../logger.js';
import { classifyFault, type ReadResult } from '../next-step.js';
import { readStatus } from '../read-status.js';
import { waitForReadBudget } from './read-budget.js';
import { advanceSweepCursor, nextSweepBatch, type SweepItem } from './sweep-batch.js';
import { sweepNoticeOf } from './sweep-notice.js';

export interface SweepRunDeps {
  client: CrunClient;
  /** A non-blocking connection for the registry, the cursor and the budget. */
  redis: RedisClient;
  location: TrackingLocation;
  publisher: EventPublisher;
  fleet: FleetControl;
  /** The tracking queue, whose limiter holds the fleet's read budget. */
  trackingQueue: Queue;
  logger: Logger;
  /** Ready assets re-read per run. */
  batch: number;
  /** Reads kept in a notice's timeline. */
  timelineLength?: number | undefined;
}

/** How a run ended: `done`, or cut short (its rest waits for the next run). */
export interface SweepSummary {
  checked: number;
  found: number;
  stoppedBy: 'done' | 'fleet-paused' | 'fault';
}

/**
 * One sweep run: re-reads the next batch of ready assets and publishes a
 * notice for each one Crun removed or no longer calls `Active`. A fleet
 * pause or a fault (429, 401, 402, 5xx, timeout, a bare 404…) ends the run
 * at once, with the fleet told as for any read; the asset is never taken
 * for removed, and the next run starts with it.
 */
export async function runSweep(deps: SweepRunDeps): Promise<SweepSummary> {
  const items = await nextSweepBatch(deps.redis, deps.location, deps.batch);
  let found = 0;

  for (const [index, item] of items.entries()) {
    const outcome = await recheck(deps, item);
    if (outcome === 'fault' || outcome === 'fleet-paused') {
      return { checked: index, found, stoppedBy: outcome };
    }

    found += outcome === 'found' ? 1 : 0;
    await advanceSweepCursor(deps.redis, deps.location, item);
  }

  return { checked: items.length, found, stoppedBy: 'done' };
}

type Recheck = 'same' | 'found' | 'fault' | 'fleet-paused';

async function recheck(deps: SweepRunDeps, item: SweepItem): Promise<Recheck> {
  const record = await deps.redis.get(assetRecordKey(deps.location, item.assetId));
  const state = record ? recordState(item.assetId, record) : null;
  if (state?.status !== 'ready') {
    // Expired, damaged, or finished again since it was listed: nothing to re-check.
    return 'same';
  }

  if (!(await waitForReadBudget(deps.redis, deps.trackingQueue))) {
    return 'fleet-paused';
  }

  const result = await readStatus(deps.client, item.assetId);
  await reportToFleet(deps.fleet, result);
  if ('asset' in result || isUnknownAsset(result)) {
    return publish(deps, state.event, result, state.eventId);
  }

  // A 422 for an ID Crun once called Active says nothing about the asset:
  // move past it. Anything else is a fault: stop, and start here next run.
  return classifyFault(result.error) === 'asset' ? 'same' : 'fault';
}

async function publish(
  deps: SweepRunDeps,
  ready: AnyAssetEvent,
  result: ReadResult,
  readyEventId: string,
): Promise<'same' | 'found'> {
  const notice = sweepNoticeOf(ready, result, Date.now(), deps.timelineLength);
  if (!notice) {
    return 'same';
  }

  const eventId = await deps.publisher.publishFinding(notice, readyEventId);
  if (eventId) {
    deps.logger.info(
      { assetId: notice.assetId, type: notice.type, status: notice.status, eventId },
      'ready asset no longer ready',
    );
  }

  return 'found';
}

/** 404 in Crun's envelope; a bare 404 page is a fault (likely a wrong base URL). */
function isUnknownAsset(result: ReadResult): boolean {
  if (!('error' in result) || !(result.error instanceof CrunApiError)) {
    return false;
  }

  return classifyFault(result.error) === 'asset' && result.error.kind === 'not-found';
}

function recordState(assetId: string, record: string): ReturnType<typeof finishedStateOf> | null {
  try {
    return finishedStateOf(assetId, record);
  } catch {
    // Only the publish script writes records; a damaged one must not stop every run here.
    return null;
  }
}
