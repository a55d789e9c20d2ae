import type { Asset } from '@crun/api';
import type { RedisClient, TrackingLocation } from '@crun/tracking';

import { quantile } from './quantile.js';

/** Review durations kept per asset type, newest first. */
const SAMPLES_KEPT = 256;

/** Durations outside this range are clock noise or misreadings, not reviews. */
const PLAUSIBLE_MS = { min: 1, max: 7 * 24 * 3600_000 };

export interface ReadyTimePolicy {
  /** Whether early reads are scheduled from observed review times. @default true */
  enabled: boolean;
  /** The share of reviews that may end before the first scheduled read. @default 0.1 */
  quantile: number;
  /** Reviews of a type observed before its times are trusted. @default 20 */
  minSamples: number;
  /** How often a worker reloads the fleet's observations, in ms. @default 60000 */
  refreshMs: number;
}

export const DEFAULT_READY_TIME_POLICY: ReadyTimePolicy = {
  enabled: true,
  quantile: 0.1,
  minSamples: 20,
  refreshMs: 60_000,
};

/**
 * How long Crun's review takes, per asset type, as the whole fleet has
 * observed it: each Active asset adds `UpdateTime − CreateTime` (Crun's own
 * clock, so our polling lag does not count) to a short list in Redis, and
 * each worker reloads the lists now and then. `earliestReadyMs` then says
 * how long after creation the first reviews of a type usually end: reading
 * before that is almost always wasted.
 */
export class ReadyTimeStore {
  readonly #redis: RedisClient;
  readonly #keyPrefix: string;
  readonly #policy: ReadyTimePolicy;
  readonly #earliest = new Map<string, number>();
  readonly #types = new Set<string>(['Image', 'Video', 'Audio']);
  #timer: NodeJS.Timeout | undefined;

  constructor(redis: RedisClient, location: TrackingLocation, policy: ReadyTimePolicy) {
    this.#redis = redis;
    this.#keyPrefix = `${location.prefix}:${location.queueName}:crun-ready-times:`;
    this.#policy = policy;
  }

  /** Loads the observations and keeps them fresh until `stop`. */
  async start(onError: (error: unknown) => void): Promise<void> {
    if (!this.#policy.enabled) {
      return;
    }

    await this.refresh();
    this.#timer = setInterval(() => {
      this.refresh().catch(onError);
    }, this.#policy.refreshMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Time after creation before which reviews of this type rarely end, in ms. */
  earliestReadyMs(assetType: string): number | undefined {
    return this.#earliest.get(assetType);
  }

  /** Records how long an Active asset's review took. */
  async record(asset: Asset): Promise<void> {
    const tookMs = asset.updateTime.getTime() - asset.createTime.getTime();
    if (!this.#policy.enabled || tookMs < PLAUSIBLE_MS.min || tookMs > PLAUSIBLE_MS.max) {
      return;
    }

    this.#types.add(asset.assetType);
    const key = this.#keyPrefix + asset.assetType;
    await this.#redis
      .pipeline()
      .lpush(key, tookMs)
      .ltrim(key, 0, SAMPLES_KEPT - 1)
      .exec();
  }

  async refresh(): Promise<void> {
    const types = [...this.#types];
    const pipeline = this.#redis.pipeline();
    for (const type of types) {
      pipeline.lrange(this.#keyPrefix + type, 0, -1);
    }

    const replies = (await pipeline.exec()) ?? [];
    types.forEach((type, index) => {
      const samples = ((replies[index]?.[1] as string[] | undefined) ?? []).map(Number);
      const earliest = quantile(samples, this.#policy.quantile);
      if (samples.length >= this.#policy.minSamples && earliest !== undefined) {
        this.#earliest.set(type, earliest);
      } else {
        this.#earliest.delete(type);
      }
    });
  }
}
