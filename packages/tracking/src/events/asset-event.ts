import type { Asset, AssetStatus } from '@crun/api';

import type { AssetMetadata } from '../job-data.js';
import type { TimelineEntry } from '../timeline/timeline-entry.js';

/** Names the event format; bumped only for changes that break readers. */
export const ASSET_EVENT_SCHEMA = 'crun.asset-event/1';

/**
 * How a tracking ended on the word of its own status reads:
 * - `asset.ready`: Crun says `Active`; the asset can be used.
 * - `asset.failed`: Crun says `Failed`; upload it again.
 * - `asset.timed_out`: still `Processing` (or unreadable) at the tracking deadline.
 * - `asset.not_found`: Crun does not know the asset ID.
 * - `asset.invalid`: Crun rejected the asset ID as invalid.
 */
export type AssetEventType =
  | 'asset.ready'
  | 'asset.failed'
  | 'asset.timed_out'
  | 'asset.not_found'
  | 'asset.invalid';

export const ASSET_EVENT_TYPES: readonly AssetEventType[] = [
  'asset.ready',
  'asset.failed',
  'asset.timed_out',
  'asset.not_found',
  'asset.invalid',
];

/**
 * Events that do not come from a tracking's own status reads, added in the
 * same schema (readers ignore types they do not know):
 * - `asset.cancelled`: a pipeline cancelled the tracking before it ended;
 * - `asset.removed`: the re-validation sweep found a ready asset gone (404);
 * - `asset.changed`: the sweep found a ready asset no longer `Active`.
 *
 * Kept apart from `AssetEventType` so code written for the five tracking
 * outcomes keeps compiling; readers deliver notices when asked to.
 */
export type AssetNoticeType = 'asset.cancelled' | 'asset.removed' | 'asset.changed';

export const ASSET_NOTICE_TYPES: readonly AssetNoticeType[] = [
  'asset.cancelled',
  'asset.removed',
  'asset.changed',
];

/** Every type an event of this schema may have. */
export type AnyAssetEventType = AssetEventType | AssetNoticeType;

/** The asset as Crun last described it, with times as ISO 8601 UTC text. */
export interface AssetSnapshot {
  assetId: string;
  name: string;
  assetType: string;
  status: AssetStatus;
  createTime: string;
  updateTime: string;
}

/** One terminal outcome of one tracking, as stored in the stream and announced on the channel. */
export interface AssetEvent {
  schema: typeof ASSET_EVENT_SCHEMA;
  type: AssetEventType;
  assetId: string;
  /** The last status Crun reported, or null when it never answered with one. */
  status: AssetStatus | null;
  asset: AssetSnapshot | null;
  /** Status reads that answered `Processing` before the outcome. */
  polls: number;
  /** ISO 8601 times: when tracking began, and when it ended. */
  firstSeenAt: string;
  resolvedAt: string;
  /** What went wrong, for the types that are not a plain status. */
  reason: string | null;
  metadata: AssetMetadata | null;
  trackingId: string;
  /**
   * The last reads of the tracking, oldest first, the deciding one last.
   * Absent from events published before it existed.
   */
  timeline?: TimelineEntry[] | undefined;
  /**
   * The metadata of every pipeline that enqueued this tracking, each
   * distinct object once, in the order they came (at most 8): `metadata`
   * is the first of them, or null. Absent from events published before it
   * existed.
   */
  metadataList?: AssetMetadata[] | undefined;
}

/**
 * A notice: the fields of an event, about a tracking that was cancelled, or
 * about an asset whose last tracking ended `ready` and that Crun later
 * removed or changed (then `trackingId`, `firstSeenAt`, `polls` and the
 * metadata are that tracking's, and `resolvedAt` is when the change was seen).
 */
export interface AssetNotice extends Omit<AssetEvent, 'type'> {
  type: AssetNoticeType;
}

export type AnyAssetEvent = AssetEvent | AssetNotice;

/** An event with its position in the stream, usable to resume reading after it. */
export interface DeliveredAssetEvent {
  /** The stream entry ID, e.g. `1767225600000-0`. */
  id: string;
  event: AssetEvent;
}

/** An event or a notice with its position in the stream. */
export interface DeliveredAnyAssetEvent {
  id: string;
  event: AnyAssetEvent;
}

/**
 * An event as the event feed delivers it: also the partition whose stream
 * holds entry `id` (always 0 for a plain location or a single partition).
 * Entry IDs are comparable only within one partition.
 */
export interface FeedAssetEvent extends DeliveredAssetEvent {
  partition: number;
}

/** An event or a notice as the event feed delivers it. */
export interface FeedAnyAssetEvent extends DeliveredAnyAssetEvent {
  partition: number;
}

export function toSnapshot(asset: Asset): AssetSnapshot {
  return {
    assetId: asset.assetId,
    name: asset.name,
    assetType: asset.assetType,
    status: asset.status,
    createTime: asset.createTime.toISOString(),
    updateTime: asset.updateTime.toISOString(),
  };
}

/** Reads a tracking outcome from its JSON text; throws for notices and non-events. */
export function parseAssetEvent(json: string): AssetEvent {
  return validateAssetEvent(JSON.parse(json));
}

/** Reads an event or a notice from its JSON text; throws if it is neither. */
export function parseAnyAssetEvent(json: string): AnyAssetEvent {
  return validateAnyAssetEvent(JSON.parse(json));
}

/** Whether an event is a notice rather than a tracking outcome. */
export function isAssetNotice(event: AnyAssetEvent): event is AssetNotice {
  return ASSET_NOTICE_TYPES.includes(event.type as AssetNoticeType);
}

/** Checks that a decoded value is a schema-1 tracking outcome; throws saying why not. */
export function validateAssetEvent(value: unknown): AssetEvent {
  const event = validateAnyAssetEvent(value);
  if (isAssetNotice(event)) {
    throw new Error(`${event.type} is a notice, not a tracking outcome`);
  }

  return event;
}

/** Checks that a decoded value is a schema-1 event or notice; throws saying why not. */
export function validateAnyAssetEvent(value: unknown): AnyAssetEvent {
  const event = value as Partial<AnyAssetEvent> | null;

  if (event?.schema !== ASSET_EVENT_SCHEMA) {
    throw new Error(`not a ${ASSET_EVENT_SCHEMA} event: schema is ${String(event?.schema)}`);
  }

  const type = event.type as AnyAssetEventType;
  if (
    !ASSET_EVENT_TYPES.includes(type as AssetEventType) &&
    !isAssetNotice(event as AnyAssetEvent)
  ) {
    throw new Error(`unknown asset event type ${String(event.type)}`);
  }

  if (typeof event.assetId !== 'string') {
    throw new Error('asset event without an assetId');
  }

  return event as AnyAssetEvent;
}
