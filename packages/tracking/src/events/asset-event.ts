import type { Asset, AssetStatus } from '@crun/api';

import type { AssetMetadata } from '../job-data.js';

/** Names the event format; bumped only for changes that break readers. */
export const ASSET_EVENT_SCHEMA = 'crun.asset-event/1';

/**
 * How a tracking ended:
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
}

/** An event with its position in the stream, usable to resume reading after it. */
export interface DeliveredAssetEvent {
  /** The stream entry ID, e.g. `1767225600000-0`. */
  id: string;
  event: AssetEvent;
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

/** Reads an event from its JSON text; throws if it is not a schema-1 event. */
export function parseAssetEvent(json: string): AssetEvent {
  return validateAssetEvent(JSON.parse(json));
}

/** Checks that a decoded value is a schema-1 event; throws saying why not. */
export function validateAssetEvent(value: unknown): AssetEvent {
  const event = value as Partial<AssetEvent> | null;

  if (event?.schema !== ASSET_EVENT_SCHEMA) {
    throw new Error(`not a ${ASSET_EVENT_SCHEMA} event: schema is ${String(event?.schema)}`);
  }

  if (!ASSET_EVENT_TYPES.includes(event.type as AssetEventType)) {
    throw new Error(`unknown asset event type ${String(event.type)}`);
  }

  if (typeof event.assetId !== 'string') {
    throw new Error('asset event without an assetId');
  }

  return event as AssetEvent;
}
