import {
  type AssetMetadata,
  mergeMetadata,
  type RedisClient,
  type TrackingQueue,
} from '@crun/tracking';

import type { EnqueueResult } from './enqueue-assets.js';
import { RedisUnavailableError } from './redis-unavailable-error.js';

/** An item that joined a running tracking, with the metadata it brought. */
export interface Joiner {
  /** Its position in the batch. */
  index: number;
  assetId: string;
  trackingId: string;
  metadata: AssetMetadata;
  /** The tracking's first metadata. */
  first: AssetMetadata | null;
}

/**
 * Adds the metadata of items that joined a running tracking to it, in one
 * round trip, and notes in each result what became of it. Valid items have
 * been checked already, so their metadata is a JSON object of at most 4 KiB.
 */
export async function joinTrackings(
  queue: TrackingQueue,
  redis: RedisClient,
  joiners: readonly Joiner[],
  results: EnqueueResult[],
): Promise<void> {
  if (joiners.length === 0) {
    return;
  }

  const location = { prefix: queue.opts.prefix ?? 'bull', queueName: queue.name };
  let outcomes: Awaited<ReturnType<typeof mergeMetadata>>;
  try {
    outcomes = await mergeMetadata(redis, location, joiners);
  } catch (error) {
    throw new RedisUnavailableError(error, 'the tracking was found but its metadata not added');
  }

  joiners.forEach((joiner, nth) => {
    const result = results[joiner.index];
    if (result?.outcome === 'already-tracked') {
      result.metadataOutcome = outcomes[nth] ?? 'ended';
    }
  });
}
