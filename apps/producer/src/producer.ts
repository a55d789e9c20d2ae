import {
  type AssetPage,
  type AssetState,
  type AssetTimeline,
  createRedisConnection,
  DEFAULT_LOCATION,
  DEFAULT_REGISTRY_RETENTION_MS,
  EventPublisher,
  explainUntrackableAssetId,
  getAssetState,
  getAssetTimeline,
  type ListAssetsOptions,
  listAssets,
  openTrackingQueue,
  type TrackingLocation,
  type TrackingQueue,
  type WaitForAssetsOptions,
  type WaitForAssetsResult,
  type WaitTarget,
  waitForAssets,
} from '@crun/tracking';
import type { Redis } from 'ioredis';

import { type CancelResult, cancelTracking } from './control/cancel-tracking.js';
import { type CheckNowResult, checkNow } from './control/check-now.js';
import { type EnqueueReport, enqueueAssets } from './enqueue-assets.js';
import type { EnqueueItem } from './enqueue-item.js';
import { orUnavailable } from './redis-unavailable-error.js';

export interface ProducerOptions {
  /** Redis to enqueue into. @default 'redis://127.0.0.1:6379' */
  redisUrl?: string | undefined;
  /** Where the tracker's keys live; must match the workers'. */
  location?: TrackingLocation | undefined;
  /** As the workers' `EVENT_STREAM_MAX_LENGTH`, for the notices `cancel` publishes. @default 100000 */
  eventStreamMaxLength?: number | undefined;
  /** As the workers' `REGISTRY_RETENTION_MS`, in ms, for cancelled records. @default 604800000 (7 days) */
  registryRetentionMs?: number | undefined;
}

/**
 * A handle for upload pipelines: enqueue asset IDs, read what the tracker
 * knows of them, cancel or hurry their trackings, wait for their events,
 * then close. While Redis is away its
 * calls fail within about a second with `RedisUnavailableError`, rather than
 * hanging until Redis returns.
 */
export class AssetProducer {
  readonly location: TrackingLocation;
  readonly #redis: Redis;
  readonly #queue: TrackingQueue;
  readonly #publisher: EventPublisher;

  constructor(options: ProducerOptions = {}) {
    this.location = options.location ?? DEFAULT_LOCATION;
    this.#redis = createRedisConnection(options.redisUrl ?? 'redis://127.0.0.1:6379', 'client');
    // Errors surface on the calls; reconnection attempts need no listener.
    this.#redis.on('error', () => {});
    this.#queue = openTrackingQueue(this.#redis, this.location);
    this.#queue.on('error', () => {});
    this.#publisher = new EventPublisher(
      this.#redis,
      this.location,
      options.eventStreamMaxLength ?? 100_000,
      { registryRetentionMs: options.registryRetentionMs ?? DEFAULT_REGISTRY_RETENTION_MS },
    );
  }

  /** See `enqueueAssets`. */
  enqueue(items: readonly EnqueueItem[]): Promise<EnqueueReport> {
    return enqueueAssets(this.#queue, this.#redis, items);
  }

  /** The asset's last known state, or null when unknown; see `getAssetState`. */
  state(assetId: string): Promise<AssetState | null> {
    return orUnavailable(
      () => getAssetState(this.#redis, this.location, assetId),
      'the asset state could not be read',
    );
  }

  /** One page of assets by status; see `listAssets`. */
  list(options: ListAssetsOptions): Promise<AssetPage> {
    return orUnavailable(
      () => listAssets(this.#redis, this.location, options),
      'the assets could not be listed',
    );
  }

  /**
   * Cancels the asset's tracking, wherever its job is in the fleet, and
   * publishes `asset.cancelled` (with `reason`) so waiters are told; see
   * `CancelResult`. Throws `TypeError` for an ID that cannot be tracked.
   */
  cancel(assetId: string, reason?: string): Promise<CancelResult> {
    return orUnavailable(async () => {
      assertTrackable(assetId);
      return cancelTracking(this.#queue, this.#redis, this.#publisher, assetId, reason);
    }, 'nothing was cancelled');
  }

  /** Brings the asset's next status read forward to now; see `CheckNowResult`. */
  checkNow(assetId: string): Promise<CheckNowResult> {
    return orUnavailable(async () => {
      assertTrackable(assetId);
      return checkNow(this.#queue, assetId);
    }, 'no check was brought forward');
  }

  /** The asset's last reads and why each wait was chosen, or null; see `getAssetTimeline`. */
  timeline(assetId: string): Promise<AssetTimeline | null> {
    return orUnavailable(
      () => getAssetTimeline(this.#redis, this.location, assetId),
      'the timeline could not be read',
    );
  }

  /** Waits for the assets' terminal events; see `waitForAssets`. */
  waitFor(
    targets: readonly (string | WaitTarget)[],
    options: WaitForAssetsOptions = {},
  ): Promise<WaitForAssetsResult> {
    return waitForAssets(this.#redis, this.location, targets, options);
  }

  /** Resolves when Redis answers; throws `RedisUnavailableError` otherwise. */
  async ping(): Promise<void> {
    await orUnavailable(() => this.#redis.ping(), 'the health check failed');
  }

  async close(): Promise<void> {
    await this.#queue.close();
    this.#redis.disconnect();
  }
}

function assertTrackable(assetId: string): void {
  const problem = explainUntrackableAssetId(assetId);
  if (problem) {
    throw new TypeError(problem);
  }
}
