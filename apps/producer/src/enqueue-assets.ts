import { randomBytes } from 'node:crypto';

import {
  type AssetMetadata,
  groupBy,
  type MetadataMergeOutcome,
  type RedisClient,
  type TrackingJobData,
  type TrackingQueue,
  trackingJob,
} from '@crun/tracking';

import {
  type EnqueueItem,
  type ItemProblem,
  type ValidItem,
  validateItem,
} from './enqueue-item.js';
import { type Joiner, joinTrackings } from './join-tracking.js';
import { RedisUnavailableError } from './redis-unavailable-error.js';
import { readStoredJobs } from './stored-jobs.js';

/**
 * What happened to one item:
 * - `queued`: a new tracking started; its event will follow;
 * - `already-tracked`: the asset is in flight already, and the event of the
 *   running tracking (whose ID is given) is the one to wait for. Metadata
 *   given with it joins that tracking's event (`metadataList`);
 *   `metadataOutcome` says whether it did (see `MetadataMergeOutcome`);
 * - `rejected`: the item is not a valid asset ID or metadata; `reason` says why
 *   and `field` which field (null when the item is neither an ID nor an object).
 *
 * An asset whose tracking has ended is not in flight: enqueueing it again
 * starts a new tracking, which reads its status afresh and publishes a new
 * event.
 */
export type EnqueueResult =
  | { outcome: 'queued'; assetId: string; trackingId: string }
  | {
      outcome: 'already-tracked';
      assetId: string;
      trackingId: string;
      /** Present when metadata was given: what became of it. */
      metadataOutcome?: MetadataMergeOutcome;
    }
  | { outcome: 'rejected'; input: unknown; reason: string; field: ItemProblem['field'] };

export interface EnqueueReport {
  results: EnqueueResult[];
  queued: number;
  alreadyTracked: number;
  rejected: number;
}

/** The queue of an asset's partition; see `TrackingTopology.locationOf`. */
export type QueueOfAsset = (assetId: string) => TrackingQueue;

/**
 * Validates and enqueues assets in bulk; an invalid item is reported and
 * does not stop the others. Each asset's job ID is its asset ID, so BullMQ
 * never holds two jobs for one asset. `queues` is the tracking queue, or,
 * for a partitioned tracking, the queue of each asset's partition: each
 * partition's assets go out together. `redis` is the queues' connection.
 * Several pipelines enqueuing one asset share its tracking, and each one's
 * metadata reaches its event.
 *
 * Throws `RedisUnavailableError` when Redis cannot be reached.
 */
export async function enqueueAssets(
  queues: TrackingQueue | QueueOfAsset,
  redis: RedisClient,
  items: readonly EnqueueItem[],
): Promise<EnqueueReport> {
  const queueOf = typeof queues === 'function' ? queues : () => queues;
  const results: EnqueueResult[] = new Array(items.length);
  const indexesById = new Map<string, number[]>();
  const valid = new Map<string, ValidItem>();

  items.forEach((input, index) => {
    const checked = validateItem(input);
    if ('reason' in checked) {
      results[index] = { outcome: 'rejected', input, reason: checked.reason, field: checked.field };
      return;
    }

    indexesById.set(checked.assetId, [...(indexesById.get(checked.assetId) ?? []), index]);
    if (!valid.has(checked.assetId)) {
      valid.set(checked.assetId, checked);
    }
  });

  const outcomes = new Map<string, Settled>();
  try {
    const added = await Promise.all(
      [...groupBy(valid.values(), (item) => queueOf(item.assetId))].map(([queue, group]) =>
        addMissing(queue, redis, new Map(group.map((item) => [item.assetId, item]))),
      ),
    );
    for (const settled of added) {
      for (const [assetId, outcome] of settled) {
        outcomes.set(assetId, outcome);
      }
    }
  } catch (error) {
    throw new RedisUnavailableError(error);
  }

  const joiners: Joiner[] = [];
  for (const [assetId, indexes] of indexesById) {
    const settled = outcomes.get(assetId) as Settled;
    indexes.forEach((index, nth) => {
      // A repeat within the same batch joins the first one's tracking.
      const outcome = nth === 0 ? settled.outcome : 'already-tracked';
      results[index] = { outcome, assetId, trackingId: settled.trackingId };
      const metadata = metadataOf(items[index]);
      if (outcome === 'already-tracked' && metadata) {
        joiners.push({
          index,
          assetId,
          trackingId: settled.trackingId,
          metadata,
          first: settled.first,
        });
      }
    });
  }

  await Promise.all(
    [...groupBy(joiners, (joiner) => queueOf(joiner.assetId))].map(([queue, some]) =>
      joinTrackings(queue, redis, some, results),
    ),
  );
  return summarise(results);
}

interface Settled {
  outcome: 'queued' | 'already-tracked';
  trackingId: string;
  /** The tracking's first metadata: what the queued job carries, or the running one. */
  first: AssetMetadata | null;
}

/**
 * Adds a job for each asset not in flight, then reads the jobs back to tell
 * whose add won: another producer may add the same asset at the same time.
 * The read before the add finds assets already in flight (nothing to do) and
 * failed jobs kept for inspection (removed, so the asset is tracked again).
 * A job gone by the read after the add was added after the read before it,
 * and has already resolved: it counts as queued, its event is out.
 */
async function addMissing(
  queue: TrackingQueue,
  redis: RedisClient,
  items: Map<string, ValidItem>,
): Promise<Map<string, Settled>> {
  const settled = new Map<string, Settled>();
  const before = await readStoredJobs(queue, redis, [...items.keys()]);
  const toAdd: TrackingJobData[] = [];
  const now = Date.now();

  for (const [assetId, item] of items) {
    const state = before.get(assetId);
    if (state?.kind === 'in-flight') {
      const { trackingId, first } = state;
      settled.set(assetId, { outcome: 'already-tracked', trackingId, first });
      continue;
    }

    if (state?.kind === 'failed') {
      await queue.remove(assetId);
    }

    toAdd.push(newTracking(item, now));
  }

  if (toAdd.length === 0) {
    return settled;
  }

  await queue.addBulk(toAdd.map(trackingJob));
  const after = await readStoredJobs(
    queue,
    redis,
    toAdd.map((data) => data.assetId),
  );

  for (const { assetId, trackingId, metadata } of toAdd) {
    const state = after.get(assetId);
    const theirs = state?.kind === 'in-flight' && state.trackingId !== trackingId;
    settled.set(
      assetId,
      theirs
        ? { outcome: 'already-tracked', trackingId: state.trackingId, first: state.first }
        : { outcome: 'queued', trackingId, first: metadata ?? null },
    );
  }

  return settled;
}

function newTracking(item: ValidItem, now: number): TrackingJobData {
  return {
    assetId: item.assetId,
    trackingId: randomBytes(8).toString('base64url'),
    firstSeenAt: now,
    polls: 0,
    retries: 0,
    ...(item.metadata ? { metadata: item.metadata } : {}),
  };
}

function metadataOf(item: EnqueueItem | undefined): AssetMetadata | undefined {
  return typeof item === 'object' && item !== null ? item.metadata : undefined;
}

function summarise(results: EnqueueResult[]): EnqueueReport {
  const count = (outcome: EnqueueResult['outcome']) =>
    results.filter((result) => result.outcome === outcome).length;

  return {
    results,
    queued: count('queued'),
    alreadyTracked: count('already-tracked'),
    rejected: count('rejected'),
  };
}
