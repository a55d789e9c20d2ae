export { canonicalJson } from './control/canonical-json.js';
export type { MetadataMerge, MetadataMergeOutcome } from './control/merge-metadata.js';
export { mergeMetadata } from './control/merge-metadata.js';
export type {
  AnyAssetEvent,
  AnyAssetEventType,
  AssetEvent,
  AssetEventType,
  AssetNotice,
  AssetNoticeType,
  AssetSnapshot,
  DeliveredAnyAssetEvent,
  DeliveredAssetEvent,
  FeedAnyAssetEvent,
  FeedAssetEvent,
} from './events/asset-event.js';
export {
  ASSET_EVENT_SCHEMA,
  ASSET_EVENT_TYPES,
  ASSET_NOTICE_TYPES,
  isAssetNotice,
  parseAnyAssetEvent,
  parseAssetEvent,
  toSnapshot,
  validateAnyAssetEvent,
  validateAssetEvent,
} from './events/asset-event.js';
export type {
  AnyAssetEventConsumerOptions,
  AssetEventConsumer,
  AssetEventConsumerOptions,
} from './events/consumer-group.js';
export { rewindConsumerGroup, startAssetEventConsumer } from './events/consumer-group.js';
export type { EventSource } from './events/event-source.js';
export { partitionsOf } from './events/event-source.js';
export type { FeedPosition } from './events/feed-position.js';
export { formatFeedPosition, parseFeedPosition } from './events/feed-position.js';
export type { EventPublisherOptions, PublishResult } from './events/publish-event.js';
export { EventPublisher } from './events/publish-event.js';
export type { AssetEventFeed, ReadEventsOptions } from './events/read-events.js';
export { readAssetEvents } from './events/read-events.js';
export type { AssetEventHandler, SubscribeOptions } from './events/subscribe-events.js';
export { subscribeAssetEvents } from './events/subscribe-events.js';
export type {
  WaitForAssetOptions,
  WaitForAssetsOptions,
  WaitForAssetsResult,
  WaitTarget,
} from './events/wait-for-asset.js';
export { AssetWaitTimeoutError, waitForAsset, waitForAssets } from './events/wait-for-asset.js';
export { groupBy } from './group-by.js';
export type { AssetMetadata, TrackingJobData } from './job-data.js';
export { TRACKING_JOB_NAME } from './job-data.js';
export { EXTRA_METADATA_FIELD, MAX_METADATA_LIST, PUBLISHED_FIELD } from './job-fields.js';
export type { RedisClient } from './redis-client.js';
export { duplicateClient, isClientReady } from './redis-client.js';
export type { ConnectionRole, RedisTarget } from './redis-connection.js';
export {
  createRedisConnection,
  describeRedisTarget,
  redactRedisUrl,
  redisTargetOf,
  waitForRedis,
} from './redis-connection.js';
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
export { finishedStateOf, getAssetState, getAssetStates } from './registry/read-asset-state.js';
export type { AssetOutcome } from './registry/registry-keys.js';
export {
  ASSET_OUTCOMES,
  assetIndexKey,
  assetRecordKey,
  DEFAULT_REGISTRY_RETENTION_MS,
  outcomeOf,
} from './registry/registry-keys.js';
export { ConfigError, readSettings } from './settings/read-settings.js';
export { SHARED_SETTINGS, TRACKING_TARGET_SETTINGS } from './settings/shared-settings.js';
export type { TrackingTarget } from './settings/tracking-target.js';
export { readTrackingTarget, trackingTargetOf } from './settings/tracking-target.js';
export type { StoredJobData } from './stored-job.js';
export {
  LUA_IS_TRACKING,
  parseTrackingJob,
  STORED_TIMELINE_MAX_CHARS,
  storedJobDataOf,
  storedProgressOf,
  trackingJobDataOf,
} from './stored-job.js';
export type { AssetTimeline } from './timeline/get-asset-timeline.js';
export { getAssetTimeline } from './timeline/get-asset-timeline.js';
export { appendTimeline, decodeTimeline, fitTimeline } from './timeline/timeline-codec.js';
export type {
  TimelineEntry,
  TimelineObservation,
  TimelineReason,
} from './timeline/timeline-entry.js';
export { DEFAULT_TIMELINE_LENGTH, timelineSeconds } from './timeline/timeline-entry.js';
export { explainClusterUnsafePrefix } from './topology/cluster-safety.js';
export { hashTagOf } from './topology/hash-tag.js';
export { claimLayout, layoutKey } from './topology/layout-guard.js';
export { MAX_PARTITIONS, partitionPrefix } from './topology/partition-prefix.js';
export type { TopologyOptions } from './topology/tracking-topology.js';
export { singleTopology, TopologyError, TrackingTopology } from './topology/tracking-topology.js';
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
export {
  applyRetryPolicy,
  openTrackingQueue,
  QUEUE_EVENTS_MAX_LENGTH,
  TRACKING_JOB_RETENTION,
  trackingJob,
  trackingJobOptions,
  UNEXPECTED_ERROR_RETRY,
} from './tracking-queue.js';
