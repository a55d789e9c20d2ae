import type { TrackingLocation } from '@crun/tracking';
import type { TrackingPolicy } from '@crun/worker';

import { BENCH_API_KEY, type BenchEnv } from '../bench-env.js';
import type { ChildConfig, ChildMode } from '../child/protocol.js';
import { addBare, enqueueOurs } from '../workload/enqueue.js';

/** The three ways of tracking that the checks sections compare. */
export type Variant = 'ours' | 'bare-delayed' | 'bare-attempts';

export const VARIANT_LABELS: Record<Variant, string> = {
  ours: 'ours (startTrackingWorker)',
  'bare-delayed': '(a) bare moveToDelayed + DelayedError',
  'bare-attempts': '(b) bare throw + attempts/exponential backoff',
};

/** Status reads in flight per process: the service's default WORKER_CONCURRENCY. */
export const CONCURRENCY = 20;

/**
 * Waits of 1 ms, so every check of an asset that stays Processing
 * reschedules at once and throughput is bound by the check path alone.
 */
export const TINY_POLICY: TrackingPolicy = {
  poll: { initialDelayMs: 1, factor: 2, maxDelayMs: 1, jitter: 0 },
  retry: { initialDelayMs: 1, factor: 2, maxDelayMs: 100, jitter: 0.2 },
  deadlineMs: 24 * 3600_000,
};

export function childConfig(
  env: BenchEnv,
  mode: ChildMode,
  location: TrackingLocation,
  overrides: Partial<ChildConfig> = {},
): ChildConfig {
  return {
    mode,
    redisUrl: env.redis.url,
    simUrl: env.sim.url,
    apiKey: BENCH_API_KEY,
    location,
    concurrency: CONCURRENCY,
    policy: TINY_POLICY,
    delayMs: 1,
    assetIds: [],
    ...overrides,
  };
}

/** Puts `ids` in the queue the way `variant` expects them; resolves to the ms it took. */
export function enqueueFor(
  env: BenchEnv,
  variant: Variant,
  location: TrackingLocation,
  ids: readonly string[],
): Promise<number> {
  if (variant === 'ours') {
    return enqueueOurs(env.redis.url, location, ids);
  }

  return addBare(
    env.redis.url,
    location,
    ids,
    variant === 'bare-attempts' ? 'attempts' : 'waiting',
  );
}
