import { AssetProducer, createIntakeServer } from '@crun/producer';
import type { TrackingLocation } from '@crun/tracking';

import { BATCH_SIZE } from '../workload/enqueue.js';

const TOKEN = 'bench-intake-token';

/**
 * Enqueues `ids` through the HTTP intake (`POST /v1/assets`, batches of
 * 1000, one keep-alive client). Resolves to the time it took in ms.
 */
export async function enqueueThroughIntake(
  redisUrl: string,
  location: TrackingLocation,
  ids: readonly string[],
): Promise<number> {
  const producer = new AssetProducer({ redisUrl, location });
  const server = createIntakeServer({ token: TOKEN, producer });
  try {
    const url = await server.listen({ host: '127.0.0.1', port: 0 });
    const started = performance.now();
    for (let start = 0; start < ids.length; start += BATCH_SIZE) {
      await postBatch(url, ids.slice(start, start + BATCH_SIZE));
    }

    return performance.now() - started;
  } finally {
    await server.close();
    await producer.close();
  }
}

async function postBatch(url: string, assets: string[]): Promise<void> {
  const response = await fetch(`${url}/v1/assets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ assets }),
  });
  const answer = (await response.json()) as { queued?: number };
  if (!response.ok || answer.queued !== assets.length) {
    throw new Error(`intake answered ${response.status}, queued ${String(answer.queued)}`);
  }
}
