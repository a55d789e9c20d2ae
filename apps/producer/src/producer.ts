import {
  createRedisConnection,
  DEFAULT_LOCATION,
  openTrackingQueue,
  type TrackingLocation,
  type TrackingQueue,
} from '@crun/tracking';
import type { Redis } from 'ioredis';

import { type EnqueueReport, enqueueAssets } from './enqueue-assets.js';
import type { EnqueueItem } from './enqueue-item.js';

export interface ProducerOptions {
  /** Redis to enqueue into. @default 'redis://127.0.0.1:6379' */
  redisUrl?: string | undefined;
  /** Where the tracker's keys live; must match the workers'. */
  location?: TrackingLocation | undefined;
}

/**
 * A handle for upload pipelines: enqueue asset IDs, then close. While Redis
 * is away its calls fail within about a second with `RedisUnavailableError`,
 * rather than hanging until Redis returns.
 */
export class AssetProducer {
  readonly #redis: Redis;
  readonly #queue: TrackingQueue;

  constructor(options: ProducerOptions = {}) {
    this.#redis = createRedisConnection(options.redisUrl ?? 'redis://127.0.0.1:6379', 'client');
    // Errors surface on the calls; reconnection attempts need no listener.
    this.#redis.on('error', () => {});
    this.#queue = openTrackingQueue(this.#redis, options.location ?? DEFAULT_LOCATION);
    this.#queue.on('error', () => {});
  }

  /** See `enqueueAssets`. */
  enqueue(items: readonly EnqueueItem[]): Promise<EnqueueReport> {
    return enqueueAssets(this.#queue, this.#redis, items);
  }

  async close(): Promise<void> {
    await this.#queue.close();
    this.#redis.disconnect();
  }
}
