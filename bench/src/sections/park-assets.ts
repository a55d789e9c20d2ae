import { setTimeout as sleep } from 'node:timers/promises';

import type { TrackingLocation } from '@crun/tracking';

import type { BenchEnv } from '../bench-env.js';
import { childConfig } from '../fleet/variants.js';
import { WorkerFleet } from '../fleet/worker-fleet.js';
import { datasetBytes } from '../redis/memory-probe.js';
import { enqueueOurs, FAR_DELAY_MS } from '../workload/enqueue.js';
import { describe, type HeldAssets } from './held-assets.js';

/** A `hash-max-listpack-value` that fits every field of both kinds of job hash. */
export const ROOMY_LISTPACK_VALUE = 256;

/** From an empty Redis: enqueue ours, read each once, park them a day ahead, measure. */
export async function parkOurs(
  env: BenchEnv,
  ours: TrackingLocation,
  ids: readonly string[],
): Promise<HeldAssets & { readMs: number }> {
  await env.reset();
  const before = await datasetBytes(env.inspector);
  await enqueueOurs(env.redis.url, ours, ids);
  const readMs = await parkAll(env, ours, ids.length);
  return { ...(await describe(env, ours, 'delayed', ids.length, before, 0)), readMs };
}

/** Runs `run` with Redis's `hash-max-listpack-value` set to `value`, then restores it. */
export async function withListpackValueMax<T>(env: BenchEnv, value: number, run: () => Promise<T>) {
  const [, previous = '64'] = (await env.inspector.config(
    'GET',
    'hash-max-listpack-value',
  )) as string[];
  await env.inspector.config('SET', 'hash-max-listpack-value', String(value));
  try {
    return await run();
  } finally {
    await env.inspector.config('SET', 'hash-max-listpack-value', previous);
  }
}

/**
 * Runs our worker with a one-day poll wait until every job has been read
 * once and sits in the delayed set for a day; resolves to the ms it took.
 */
async function parkAll(env: BenchEnv, location: TrackingLocation, size: number): Promise<number> {
  const policy = {
    poll: { initialDelayMs: FAR_DELAY_MS, factor: 2, maxDelayMs: FAR_DELAY_MS, jitter: 0.1 },
    retry: { initialDelayMs: 1_000, factor: 2, maxDelayMs: 60_000, jitter: 0.2 },
    deadlineMs: 7 * FAR_DELAY_MS,
  };
  const delayedKey = `${location.prefix}:${location.queueName}:delayed`;
  const started = performance.now();
  const deadline = Date.now() + 60_000 + size * 10;
  // Two processes: reading N assets once is the slow part of the memory section.
  const fleet = await WorkerFleet.start(2, childConfig(env, 'ours', location, { policy }));

  try {
    // BullMQ scores a delayed job as its due time × 4096 (plus a counter).
    const farScore = () => (Date.now() + 3600_000) * 4096;
    while ((await env.inspector.zcount(delayedKey, farScore(), '+inf')) < size) {
      if (Date.now() > deadline) {
        throw new Error(`parking ${size} assets took too long`);
      }

      await sleep(200);
    }

    return performance.now() - started;
  } finally {
    await fleet.stop();
  }
}
