import {
  type AssetPage,
  type AssetState,
  createRedisConnection,
  DEFAULT_LOCATION,
  getAssetState,
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

import { type EnqueueReport, enqueueAssets } from './enqueue-assets.js';
import type { EnqueueItem } from './enqueue-item.js';
import { orUnavailable } from './redis-unavailable-error.js';

export interface ProducerOptions {
  /** Redis to enqueue into. @default 'redis://127.0.0.1:6379' */
  redisUrl?: string | undefined;
  /** Where the tracker's keys live; must match the workers'. */
  location?: TrackingLocation | undefined;
}

/**
 * A handle for upload pipelines: enqueue asset IDs, read what the tracker
 * knows of them, wait for their events, then close. While Redis is away its
 * calls fail within about a second with `RedisUnavailableError`, rather than
 * hanging until Redis returns.
 */
export class AssetProducer {
  readonly location: TrackingLocation;
  readonly #redis: Redis;
  readonly #queue: TrackingQueue;

  constructor(options: ProducerOptions = {}) {
    this.location = options.location ?? DEFAULT_LOCATION;
    this.#redis = createRedisConnection(options.redisUrl ?? 'redis://127.0.0.1:6379', 'client');
    // Errors surface on the calls; reconnection attempts need no listener.
    this.#redis.on('error', () => {});
    this.#queue = openTrackingQueue(this.#redis, this.location);
    this.#queue.on('error', () => {});
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
