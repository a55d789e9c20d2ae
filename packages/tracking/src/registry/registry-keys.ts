import type { AnyAssetEventType } from '../events/asset-event.js';
import type { TrackingLocation } from '../tracking-keys.js';

/**
 * How a finished tracking ended, as the registry names it: the type of its
 * last event (or notice) without the `asset.` prefix. `removed` and
 * `changed` replace `ready` when the re-validation sweep finds the asset
 * gone or no longer `Active`.
 */
export type AssetOutcome =
  | 'ready'
  | 'failed'
  | 'timed_out'
  | 'not_found'
  | 'invalid'
  | 'cancelled'
  | 'removed'
  | 'changed';

export const ASSET_OUTCOMES: readonly AssetOutcome[] = [
  'ready',
  'failed',
  'timed_out',
  'not_found',
  'invalid',
  'cancelled',
  'removed',
  'changed',
];

/** 7 days, in ms: how long a finished asset's record is kept unless told otherwise. */
export const DEFAULT_REGISTRY_RETENTION_MS = 7 * 24 * 3600_000;

export function outcomeOf(type: AnyAssetEventType): AssetOutcome {
  return type.slice('asset.'.length) as AssetOutcome;
}

// Registry keys start their last segment with `_` on purpose: asset IDs must
// start with a letter, so no BullMQ job key (`<queue>:<jobId>`, or its
// `<jobId>:lock` and `<jobId>:logs`) can ever be one of them.

/** The record of an asset's last finished tracking: `{ id, event }` as JSON, expiring. */
export function assetRecordKey(location: TrackingLocation, assetId: string): string {
  return `${location.prefix}:${location.queueName}:_asset:${assetId}`;
}

/** Asset IDs whose last tracking ended with `outcome`, scored by resolution time (ms). */
export function assetIndexKey(location: TrackingLocation, outcome: AssetOutcome): string {
  return `${location.prefix}:${location.queueName}:_assets:${outcome}`;
}

/** One of BullMQ's own keys for the queue, e.g. `delayed` or `active`. */
export function queueSetKey(location: TrackingLocation, set: string): string {
  return `${location.prefix}:${location.queueName}:${set}`;
}
