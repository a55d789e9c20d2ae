export type {
  AssetEvent,
  AssetEventType,
  AssetSnapshot,
  DeliveredAssetEvent,
} from './events/asset-event.js';
export {
  ASSET_EVENT_SCHEMA,
  ASSET_EVENT_TYPES,
  parseAssetEvent,
  toSnapshot,
  validateAssetEvent,
} from './events/asset-event.js';
export type { AssetEventConsumer, AssetEventConsumerOptions } from './events/consumer-group.js';
export { rewindConsumerGroup, startAssetEventConsumer } from './events/consumer-group.js';
export type { EventPublisherOptions } from './events/publish-event.js';
export { EventPublisher } from './events/publish-event.js';
export type { ReadEventsOptions } from './events/read-events.js';
export { readAssetEvents } from './events/read-events.js';
export type { AssetEventHandler } from './events/subscribe-events.js';
export { subscribeAssetEvents } from './events/subscribe-events.js';
export type {
  WaitForAssetOptions,
  WaitForAssetsOptions,
  WaitForAssetsResult,
  WaitTarget,
} from './events/wait-for-asset.js';
export { AssetWaitTimeoutError, waitForAsset, waitForAssets } from './events/wait-for-asset.js';
export type { AssetMetadata, TrackingJobData } from './job-data.js';
export { TRACKING_JOB_NAME } from './job-data.js';
export type { ConnectionRole } from './redis-connection.js';
export { createRedisConnection, redactRedisUrl, waitForRedis } from './redis-connection.js';
export type {
  AssetState,
  AssetStateStatus,
  ErroredAssetState,
  FinishedAssetState,
  QueueState,
  TrackingAssetState,
} from './registry/asset-state.js';
export type { AssetPage, ListAssetsOptions } from './registry/list-assets.js';
export { listAssets, MAX_LIST_LIMIT } from './registry/list-assets.js';
export { getAssetState, getAssetStates } from './registry/read-asset-state.js';
export type { AssetOutcome } from './registry/registry-keys.js';
export {
  ASSET_OUTCOMES,
  assetIndexKey,
  assetRecordKey,
  DEFAULT_REGISTRY_RETENTION_MS,
  outcomeOf,
} from './registry/registry-keys.js';
export { explainUntrackableAssetId } from './trackable-asset-id.js';
export type { TrackingLocation } from './tracking-keys.js';
export {
  DEFAULT_LOCATION,
  DEFAULT_PREFIX,
  eventChannel,
  eventStreamKey,
  jobKey,
  TRACKING_QUEUE_NAME,
} from './tracking-keys.js';
export type { TrackingQueue } from './tracking-queue.js';
export { openTrackingQueue, trackingJobOptions } from './tracking-queue.js';
