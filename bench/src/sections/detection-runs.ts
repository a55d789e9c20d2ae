import { setTimeout as sleep } from 'node:timers/promises';
import { AssetProducer } from '@crun/producer';
import { createRandom } from '@crun/simulator';
import { eventStreamKey, jobKey, parseAssetEvent, type TrackingLocation } from '@crun/tracking';
import type { TrackingPolicy } from '@crun/worker';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

import type { BenchEnv } from '../bench-env.js';
import { childConfig } from '../fleet/variants.js';
import { WorkerFleet } from '../fleet/worker-fleet.js';
import { assetIds } from '../workload/asset-ids.js';

/** One asset of a detection run: when it turned Active, when the tracker said so, at what cost. */
export interface Detection {
  processingMs: number;
  /** Resolution time minus the simulator's `readyAt`, in ms. */
  delayMs: number;
  calls: number;
}

/** Assets arrive one by one at this rate, as uploads do, rather than in one burst. */
export const ARRIVALS_PER_SECOND = 40;

const WAIT_LIMIT_MS = 120_000;
const OURS = { prefix: 'bench', queueName: 'detection-ours' };
const ATTEMPTS = { prefix: 'bench', queueName: 'detection-attempts' };

/** Processing times between 20 ms and 3 s, the same series for every tracker. */
export function processingTimes(count: number): number[] {
  const random = createRandom(2026);
  return Array.from({ length: count }, () => Math.round(20 + random() * 2980));
}

/**
 * Ours and (b) track twin assets side by side, on queues of their own with
 * one worker process each: every arrival creates one asset per tracker with
 * the same processing time, so both meet the same load at the same moment.
 * Ours resolves with its event's `resolvedAt`, (b) with its job's `finishedOn`.
 */
export async function detectSideBySide(
  env: BenchEnv,
  times: number[],
  policy: TrackingPolicy,
): Promise<{ ours: Detection[]; attempts: Detection[] }> {
  await env.reset();
  const oursFleet = await WorkerFleet.start(1, childConfig(env, 'ours', OURS, { policy }));
  const attemptsFleet = await WorkerFleet.start(1, childConfig(env, 'bare-attempts', ATTEMPTS));
  const producer = new AssetProducer({ redisUrl: env.redis.url, location: OURS });
  const connection = new Redis(env.redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue(ATTEMPTS.queueName, { connection, prefix: ATTEMPTS.prefix });
  const oursIds = assetIds(times.length, 2);
  const attemptsIds = assetIds(times.length, 3);

  try {
    await arrive(times, async (index, processingMs) => {
      const [oursId = '', attemptsId = ''] = [oursIds[index], attemptsIds[index]];
      env.sim.addAsset({ assetId: oursId, processingMs, outcome: 'Active' });
      env.sim.addAsset({ assetId: attemptsId, processingMs, outcome: 'Active' });
      await Promise.all([
        producer.enqueue([oursId]),
        queue.add('track', { assetId: attemptsId }, attemptsOptions(attemptsId, policy)),
      ]);
    });

    return {
      ours: detections(env, oursIds, times, await eventTimes(env, OURS, times.length)),
      attempts: detections(env, attemptsIds, times, await finishTimes(env, attemptsIds)),
    };
  } finally {
    await producer.close();
    await queue.close();
    connection.disconnect();
    await Promise.all([oursFleet.stop(), attemptsFleet.stop()]);
  }
}

/** (b)'s jobs: BullMQ's exponential backoff from the same first wait, kept once complete. */
function attemptsOptions(assetId: string, policy: TrackingPolicy) {
  return {
    jobId: assetId,
    attempts: 1_000,
    backoff: { type: 'exponential', delay: policy.poll.initialDelayMs },
    // Kept, so its finishedOn tells when the asset was seen Active.
    removeOnComplete: false,
  };
}

/** Calls `handOver` for each arrival, one every 1/rate s. */
async function arrive(
  times: number[],
  handOver: (index: number, processingMs: number) => Promise<void>,
): Promise<void> {
  const started = performance.now();

  for (const [index, processingMs] of times.entries()) {
    const dueMs = (index * 1000) / ARRIVALS_PER_SECOND - (performance.now() - started);
    if (dueMs > 0) {
      await sleep(dueMs);
    }

    await handOver(index, processingMs);
  }
}

/** When each asset's event says it resolved, once `count` events are in `location`'s stream. */
export async function eventTimes(
  env: BenchEnv,
  location: TrackingLocation,
  count: number,
): Promise<Map<string, number>> {
  const stream = eventStreamKey(location);
  await waitFor(async () => (await env.inspector.xlen(stream)) >= count);

  const resolvedAt = new Map<string, number>();
  for (const [, fields] of await env.inspector.xrange(stream, '-', '+')) {
    const event = parseAssetEvent(fields[fields.indexOf('event') + 1] ?? '');
    resolvedAt.set(event.assetId, Date.parse(event.resolvedAt));
  }

  return resolvedAt;
}

async function finishTimes(env: BenchEnv, ids: string[]): Promise<Map<string, number>> {
  const completed = `${ATTEMPTS.prefix}:${ATTEMPTS.queueName}:completed`;
  await waitFor(async () => (await env.inspector.zcard(completed)) >= ids.length);

  const finishedOn = new Map<string, number>();
  for (const id of ids) {
    finishedOn.set(id, Number(await env.inspector.hget(jobKey(ATTEMPTS, id), 'finishedOn')));
  }

  return finishedOn;
}

/** Each asset's detection delay and API calls, from its resolution time. */
export function detections(
  env: BenchEnv,
  ids: string[],
  times: number[],
  resolvedAt: Map<string, number>,
): Detection[] {
  return ids.map((id, index) => {
    const readyAt = env.sim.getAsset(id)?.readyAt ?? Number.NaN;
    return {
      processingMs: times[index] ?? 0,
      delayMs: (resolvedAt.get(id) ?? Number.NaN) - readyAt,
      calls: env.sim.stats.assetInfoCalls.get(id) ?? 0,
    };
  });
}

async function waitFor(done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (!(await done())) {
    if (Date.now() > deadline) {
      throw new Error('detection run did not finish in time');
    }

    await sleep(100);
  }
}
