import type { AnyAssetEvent } from '../events/asset-event.js';
import type { AssetMetadata } from '../job-data.js';
import type { TimelineEntry } from '../timeline/timeline-entry.js';
import type { AssetOutcome } from './registry-keys.js';

/** Where an in-flight asset's job sits in BullMQ. */
export type QueueState = 'waiting' | 'active' | 'delayed' | 'prioritized';

/**
 * What the registry can say about an asset:
 * - `tracking`: in flight; Crun last said `Processing`, or nothing yet;
 * - an outcome (`ready`, `failed`, `timed_out`, `not_found`, `invalid`,
 *   `cancelled`): its last tracking ended so, within the retention; `removed`
 *   or `changed` when the re-validation sweep later found a ready asset gone
 *   or no longer `Active`;
 * - `errored`: its job failed on an unexpected error and was kept for
 *   inspection; no event was published, enqueueing it again starts afresh.
 */
export type AssetStateStatus = 'tracking' | AssetOutcome | 'errored';

interface AssetStateBase {
  assetId: string;
  /** Tells this tracking from earlier and later ones of the same asset. */
  trackingId: string;
  /** Status reads that answered so far (or in all, once finished). */
  polls: number;
  /** When tracking began, ISO 8601 UTC. */
  firstSeenAt: string;
  /** What the first pipeline attached when enqueueing, or null. */
  metadata: AssetMetadata | null;
  /** Every distinct metadata enqueuers attached, the first one's first. */
  metadataList: AssetMetadata[];
  /** The last status reads and why each next wait was chosen, oldest first. */
  timeline: TimelineEntry[];
}

/** An asset in flight; its BullMQ job is its only record. */
export interface TrackingAssetState extends AssetStateBase {
  status: 'tracking';
  queueState: QueueState;
  /** Failed reads in a row (rate limits, faults) since the last answer. */
  retries: number;
  /** When the next status read is due (delayed jobs only), ISO 8601 UTC. */
  nextCheckAt: string | null;
}

/** An asset whose last tracking ended; the record is its event (or a later notice). */
export interface FinishedAssetState extends AssetStateBase {
  status: AssetOutcome;
  /** When the tracking ended (or the notice's change was seen), ISO 8601 UTC. */
  resolvedAt: string;
  /** The event's stream entry ID. */
  eventId: string;
  event: AnyAssetEvent;
}

/** An asset whose job failed unexpectedly (after all its attempts) and published nothing. */
export interface ErroredAssetState extends AssetStateBase {
  status: 'errored';
  /** BullMQ's record of the last error. */
  reason: string;
}

export type AssetState = TrackingAssetState | FinishedAssetState | ErroredAssetState;
