import type { RedisClient } from '../redis-client.js';

import type { AssetStateStatus } from '../registry/asset-state.js';
import { getAssetState } from '../registry/read-asset-state.js';
import type { TrackingLocation } from '../tracking-keys.js';
import type { TimelineEntry } from './timeline-entry.js';

/** An asset's recent reads: of the tracking in flight, else of the last one that ended. */
export interface AssetTimeline {
  assetId: string;
  trackingId: string;
  /** As `getAssetState` says: `tracking`, an outcome, or `errored`. */
  status: AssetStateStatus;
  /** When the tracking began, ISO 8601 UTC; offsets count from here. */
  firstSeenAt: string;
  /** Oldest first; empty before the first read. */
  entries: TimelineEntry[];
}

/**
 * The asset's timeline, or null when the tracker has no record of it. While
 * in flight it comes from the job hash; once ended, from the event the
 * registry keeps (for the retention).
 */
export async function getAssetTimeline(
  redis: RedisClient,
  location: TrackingLocation,
  assetId: string,
): Promise<AssetTimeline | null> {
  const state = await getAssetState(redis, location, assetId);
  if (!state) {
    return null;
  }

  const { trackingId, status, firstSeenAt, timeline } = state;
  return { assetId, trackingId, status, firstSeenAt, entries: timeline };
}
