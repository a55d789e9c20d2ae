import {
  type AssetPage,
  type AssetState,
  type AssetTimeline,
  claimLayout,
  createRedisConnection,
  DEFAULT_LOCATION,
  DEFAULT_REGISTRY_RETENTION_MS,
  EventPublisher,
  explainUntrackableAssetId,
  getAssetState,
  getAssetTimeline,
  type ListAssetsOptions,
  openTrackingQueue,
  type RedisClient,
  redisTargetOf,
  type TrackingLocation,
  type TrackingQueue,
  TrackingTopology,
  type WaitForAssetsOptions,
  type WaitForAssetsResult,
  type WaitTarget,
  waitForAssets,
} from '@crun/tracking';

import { type CancelResult, cancelTracking } from './control/cancel-tracking.js';
import { type CheckNowResult, checkNow } from './control/check-now.js';
import { type EnqueueReport, enqueueAssets } from './enqueue-assets.js';
import type { EnqueueItem } from './enqueue-item.js';
import { listAcrossPartitions } from './list-across-partitions.js';
import { orUnavailable } from './redis-unavailable-error.js';

export interface ProducerOptions {
  /** Redis to enqueue into. @default 'redis://127.0.0.1:6379' */
  redisUrl?: string | undefined;
  /** Some nodes of a Redis Cluster (`host:port` or URLs); when given, `redisUrl` is unused. */
  redisClusterNodes?: readonly string[] | undefined;
  /** Where the tracker's keys live; must match the workers'. */
  location?: TrackingLocation | undefined;
  /** How many queues the tracking is spread over; must match the workers'. @default 1 */
  partitions?: number | undefined;
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
  /** The home location: the prefix and queue the tracker was configured with. */
  readonly location: TrackingLocation;
  /** Where each asset's keys live; see `TrackingTopology`. */
  readonly topology: TrackingTopology;
  readonly #redis: RedisClient;
  /** Per partition, in the order of `topology.partitions`. */
  readonly #queues: TrackingQueue[];
  readonly #publishers: EventPublisher[];
  /** Settles once the partition count has been checked against the fleet's. */
  #layoutChecked: Promise<void> | undefined;

  /** Throws `TopologyError` for a key layout the Redis cannot serve. */
  constructor(options: ProducerOptions = {}) {
    const target = redisTargetOf(
      options.redisUrl ?? 'redis://127.0.0.1:6379',
      options.redisClusterNodes,
    );
    this.location = options.location ?? DEFAULT_LOCATION;
    this.topology = new TrackingTopology(this.location, {
      partitions: options.partitions,
      cluster: typeof target !== 'string',
    });

    this.#redis = createRedisConnection(target, 'client');
    // Errors surface on the calls; reconnection attempts need no listener.
    this.#redis.on('error', () => {});
    this.#queues = this.topology.partitions.map((location) => {
      const queue = openTrackingQueue(this.#redis, location);
      queue.on('error', () => {});
      return queue;
    });
    this.#publishers = this.topology.partitions.map(
      (location) =>
        new EventPublisher(this.#redis, location, options.eventStreamMaxLength ?? 100_000, {
          registryRetentionMs: options.registryRetentionMs ?? DEFAULT_REGISTRY_RETENTION_MS,
        }),
    );
  }

  /**
   * See `enqueueAssets`; each asset goes to its partition's queue. The first
   * call checks the partition count against the fleet's, and throws
   * `TopologyError` when they differ.
   */
  async enqueue(items: readonly EnqueueItem[]): Promise<EnqueueReport> {
    await this.checkLayout();
    return enqueueAssets((assetId) => this.#queueOf(assetId), this.#redis, items);
  }

  /** The asset's last known state, or null when unknown; see `getAssetState`. */
  state(assetId: string): Promise<AssetState | null> {
    return orUnavailable(
      () => getAssetState(this.#redis, this.topology.locationOf(assetId), assetId),
      'the asset state could not be read',
    );
  }

  /** One page of assets by status; see `listAssets` and `listAcrossPartitions`. */
  list(options: ListAssetsOptions): Promise<AssetPage> {
    return orUnavailable(
      () => listAcrossPartitions(this.#redis, this.topology, options),
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
      const partition = this.topology.partitionIndexOf(assetId);
      return cancelTracking(
        this.#queues[partition] as TrackingQueue,
        this.#redis,
        this.#publishers[partition] as EventPublisher,
        assetId,
        reason,
      );
    }, 'nothing was cancelled');
  }

  /** Brings the asset's next status read forward to now; see `CheckNowResult`. */
  checkNow(assetId: string): Promise<CheckNowResult> {
    return orUnavailable(async () => {
      assertTrackable(assetId);
      return checkNow(this.#queueOf(assetId), assetId);
    }, 'no check was brought forward');
  }

  /** The asset's last reads and why each wait was chosen, or null; see `getAssetTimeline`. */
  timeline(assetId: string): Promise<AssetTimeline | null> {
    return orUnavailable(
      () => getAssetTimeline(this.#redis, this.topology.locationOf(assetId), assetId),
      'the timeline could not be read',
    );
  }

  /** Waits for the assets' terminal events; see `waitForAssets`. */
  waitFor(
    targets: readonly (string | WaitTarget)[],
    options: WaitForAssetsOptions = {},
  ): Promise<WaitForAssetsResult> {
    return waitForAssets(this.#redis, this.topology, targets, options);
  }

  /** Resolves when Redis answers; throws `RedisUnavailableError` otherwise. */
  async ping(): Promise<void> {
    await orUnavailable(() => this.#redis.ping(), 'the health check failed');
  }

  async close(): Promise<void> {
    await Promise.all(this.#queues.map((queue) => queue.close()));
    this.#redis.disconnect();
  }

  /**
   * Checks the partition count against the one the fleet runs with (or
   * records it, for the first of the fleet), once per producer; `enqueue`
   * does so itself. Throws `TopologyError` when they differ, and
   * `RedisUnavailableError` when Redis cannot say.
   */
  checkLayout(): Promise<void> {
    this.#layoutChecked ??= orUnavailable(
      () => claimLayout(this.#redis, this.topology),
      'nothing was enqueued',
    ).catch((error: unknown) => {
      // A failed check (Redis away) is tried again by the next call.
      this.#layoutChecked = undefined;
      throw error;
    });
    return this.#layoutChecked;
  }

  #queueOf(assetId: string): TrackingQueue {
    return this.#queues[this.topology.partitionIndexOf(assetId)] as TrackingQueue;
  }
}

function assertTrackable(assetId: string): void {
  const problem = explainUntrackableAssetId(assetId);
  if (problem) {
    throw new TypeError(problem);
  }
}
