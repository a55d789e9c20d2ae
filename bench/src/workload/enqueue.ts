import { AssetProducer, type ProducerOptions } from '@crun/producer';
import type { TrackingLocation } from '@crun/tracking';
import { type JobsOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';

export const BATCH_SIZE = 1000;

/** One day: far enough that a delayed job never runs during a run. */
export const FAR_DELAY_MS = 24 * 3600_000;

/** Where a producer enqueues beyond a single Redis: a cluster's nodes, a partition count. */
export type ProducerLayout = Pick<ProducerOptions, 'redisClusterNodes' | 'partitions'>;

/** Enqueues through the library, as pipelines do; resolves to the time it took, in ms. */
export async function enqueueOurs(
  redisUrl: string,
  location: TrackingLocation,
  ids: readonly string[],
  layout: ProducerLayout = {},
): Promise<number> {
  const producer = new AssetProducer({ redisUrl, location, ...layout });
  try {
    const started = performance.now();
    for (let start = 0; start < ids.length; start += BATCH_SIZE) {
      const report = await producer.enqueue(ids.slice(start, start + BATCH_SIZE));
      if (report.queued !== Math.min(BATCH_SIZE, ids.length - start)) {
        throw new Error(`AssetProducer queued ${report.queued} of a batch: ids not fresh?`);
      }
    }

    return performance.now() - started;
  } finally {
    await producer.close();
  }
}

/** How a bare job is added: waiting, delayed far ahead, or retried by attempts. */
export type BareKind = 'waiting' | 'delayed' | 'attempts';

/**
 * Adds bare BullMQ jobs with `queue.addBulk` in batches: job ID = asset ID
 * (BullMQ's own way to refuse a duplicate), data `{ assetId }`, and only the
 * options the kind needs. Resolves to the time it took, in ms.
 */
export async function addBare(
  redisUrl: string,
  location: TrackingLocation,
  ids: readonly string[],
  kind: BareKind,
  attemptsBackoffMs = 1,
): Promise<number> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(location.queueName, { connection, prefix: location.prefix });
  try {
    const started = performance.now();
    for (let start = 0; start < ids.length; start += BATCH_SIZE) {
      const batch = ids.slice(start, start + BATCH_SIZE);
      await queue.addBulk(
        batch.map((assetId) => ({
          name: 'track',
          data: { assetId },
          opts: bareOptions(assetId, kind, attemptsBackoffMs),
        })),
      );
    }

    return performance.now() - started;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

function bareOptions(assetId: string, kind: BareKind, backoffMs: number): JobsOptions {
  if (kind === 'delayed') {
    return { jobId: assetId, delay: FAR_DELAY_MS };
  }

  if (kind === 'attempts') {
    // Enough attempts never to run out within a run; the completed job is
    // kept so its finishedOn tells when the asset was seen Active.
    return {
      jobId: assetId,
      attempts: 1_000_000,
      backoff: { type: 'exponential', delay: backoffMs },
      removeOnComplete: false,
    };
  }

  return { jobId: assetId };
}
