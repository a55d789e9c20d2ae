import { setTimeout as sleep } from 'node:timers/promises';

import { AssetProducer } from '@crun/producer';
import type { TrackingLocation } from '@crun/tracking';
import type { TrackingPolicy } from '@crun/worker';

import type { BenchEnv } from '../bench-env.js';
import { childConfig } from '../fleet/variants.js';
import { WorkerFleet } from '../fleet/worker-fleet.js';
import { assetIds } from '../workload/asset-ids.js';
import { type Detection, detections, eventTimes } from './detection-runs.js';

const PLAIN: TrackingLocation = { prefix: 'bench', queueName: 'adaptive-plain' };
const ADAPTIVE: TrackingLocation = { prefix: 'bench', queueName: 'adaptive-on' };
const ARRIVALS_PER_SECOND = 20;

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
      plain: detections(env, plainIds, times, await eventTimes(env, PLAIN, times.length)),
      adaptive: detections(env, adaptiveIds, times, await eventTimes(env, ADAPTIVE, times.length)),
    };
  } finally {
    await Promise.all(producers.map((producer) => producer.close()));
    await Promise.all([plainFleet.stop(), adaptiveFleet.stop()]);
  }
}
