import {
  type AssetMetadata,
  parseTrackingJob,
  type RedisClient,
  type TrackingQueue,
} from '@crun/tracking';

/** What Redis holds for an asset's job: none, a failed one kept for inspection, or a tracking. */
export type StoredJob =
  | { kind: 'gone' }
  | { kind: 'failed' }
  | { kind: 'in-flight'; trackingId: string; first: AssetMetadata | null };

/** Reads back each job's tracking ID and first metadata in one round trip. */
export async function readStoredJobs(
  queue: TrackingQueue,
  redis: RedisClient,
  assetIds: string[],
): Promise<Map<string, StoredJob>> {
  const pipeline = redis.pipeline();
  for (const assetId of assetIds) {
    pipeline.hmget(queue.toKey(assetId), 'data', 'finishedOn');
  }

  const replies = (await pipeline.exec()) ?? [];
  const stored = new Map<string, StoredJob>();
  assetIds.forEach((assetId, index) => {
    const [error, fields] = replies[index] ?? [null, null];
    if (error) {
      throw error;
    }

    const [data, finishedOn] = (fields ?? [null, null]) as [string | null, string | null];
    if (data === null) {
      stored.set(assetId, { kind: 'gone' });
    } else if (finishedOn !== null) {
      stored.set(assetId, { kind: 'failed' });
    } else {
      const { trackingId, metadata } = parseTrackingJob(assetId, data, null);
      stored.set(assetId, { kind: 'in-flight', trackingId, first: metadata ?? null });
    }
  });

  return stored;
}
