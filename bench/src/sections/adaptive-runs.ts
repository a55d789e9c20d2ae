import { setTimeout as sleep } from 'node:timers/promises';

import { AssetProducer } from '@crun/producer';
import { eventStreamKey, parseAssetEvent, type TrackingLocation } from '@crun/tracking';
import type { TrackingPolicy } from '@crun/worker';

import type { BenchEnv } from '../bench-env.js';
import { childConfig } from '../fleet/variants.js';
import { WorkerFleet } from '../fleet/worker-fleet.js';
import { assetIds } from '../workload/asset-ids.js';
import type { Detection } from './detection-runs.js';

const PLAIN: TrackingLocation = { prefix: 'bench', queueName: 'adaptive-plain' };
const ADAPTIVE: TrackingLocation = { prefix: 'bench', queueName: 'adaptive-on' };
const ARRIVALS_PER_SECOND = 20;
const WAIT_LIMIT_MS = 180_000;

/**
 * Plain doubling and scheduling from observed review times, side by side on
 * twin assets (same review times), one worker process each. The adaptive
 * fleet starts with `history` already observed, as a fleet that has been
 * running a while would have.
 */
export async function adaptiveSideBySide(
  env: BenchEnv,
  times: number[],
  history: number[],
  policy: TrackingPolicy,
): Promise<{ plain: Detection[]; adaptive: Detection[] }> {
  await env.reset();
  const historyKey = `${ADAPTIVE.prefix}:${ADAPTIVE.queueName}:crun-ready-times:Image`;
  await env.inspector.lpush(historyKey, ...history);

  const plainFleet = await WorkerFleet.start(1, childConfig(env, 'ours', PLAIN, { policy }));
  const adaptiveFleet = await WorkerFleet.start(
    1,
    childConfig(env, 'ours', ADAPTIVE, { policy, readyTime: { enabled: true, minSamples: 20 } }),
  );
  const producers = [PLAIN, ADAPTIVE].map(
    (location) => new AssetProducer({ redisUrl: env.redis.url, location }),
  );
  const plainIds = assetIds(times.length, 4);
  const adaptiveIds = assetIds(times.length, 5);

  try {
    for (const [index, processingMs] of times.entries()) {
      const [plainId = '', adaptiveId = ''] = [plainIds[index], adaptiveIds[index]];
      env.sim.addAsset({ assetId: plainId, processingMs, assetType: 'Image' });
      env.sim.addAsset({ assetId: adaptiveId, processingMs, assetType: 'Image' });
      await Promise.all([producers[0]?.enqueue([plainId]), producers[1]?.enqueue([adaptiveId])]);
      await sleep(1000 / ARRIVALS_PER_SECOND);
    }

    return {
      plain: detections(env, plainIds, times, await resolvedTimes(env, PLAIN, times.length)),
      adaptive: detections(
        env,
        adaptiveIds,
        times,
        await resolvedTimes(env, ADAPTIVE, times.length),
      ),
    };
  } finally {
    await Promise.all(producers.map((producer) => producer.close()));
    await Promise.all([plainFleet.stop(), adaptiveFleet.stop()]);
  }
}

async function resolvedTimes(
  env: BenchEnv,
  location: TrackingLocation,
  count: number,
): Promise<Map<string, number>> {
  const stream = eventStreamKey(location);
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while ((await env.inspector.xlen(stream)) < count) {
    if (Date.now() > deadline) {
      throw new Error('adaptive detection run did not finish in time');
    }

    await sleep(200);
  }

  const resolvedAt = new Map<string, number>();
  for (const [, fields] of await env.inspector.xrange(stream, '-', '+')) {
    const event = parseAssetEvent(fields[fields.indexOf('event') + 1] ?? '');
    resolvedAt.set(event.assetId, Date.parse(event.resolvedAt));
  }

  return resolvedAt;
}

function detections(
  env: BenchEnv,
  ids: string[],
  times: number[],
  resolvedAt: Map<string, number>,
): Detection[] {
  return ids.map((id, index) => ({
    processingMs: times[index] ?? 0,
    delayMs: (resolvedAt.get(id) ?? Number.NaN) - (env.sim.getAsset(id)?.readyAt ?? Number.NaN),
    calls: env.sim.stats.assetInfoCalls.get(id) ?? 0,
  }));
}
