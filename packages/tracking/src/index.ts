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
export { EventPublisher } from './events/publish-event.js';
export type { ReadEventsOptions } from './events/read-events.js';
export { readAssetEvents } from './events/read-events.js';
export type { AssetEventHandler } from './events/subscribe-events.js';
export { subscribeAssetEvents } from './events/subscribe-events.js';
export type { AssetMetadata, TrackingJobData } from './job-data.js';
export { TRACKING_JOB_NAME } from './job-data.js';
export type { ConnectionRole } from './redis-connection.js';
export { createRedisConnection, redactRedisUrl, waitForRedis } from './redis-connection.js';
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
