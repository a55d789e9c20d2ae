import { assetIndexKey, type RedisClient, type TrackingLocation } from '@crun/tracking';

/** A ready asset as the registry files it: its ID and resolution time (ms). */
export interface SweepItem {
  assetId: string;
  score: number;
}

/** Where the sweep stopped: the last asset it checked, as `<score> <assetId>`. */
export function sweepCursorKey(location: TrackingLocation): string {
  return `${location.prefix}:${location.queueName}:_sweep:cursor`;
}

/**
 * The next `size` ready assets after the cursor, in order of resolution,
 * wrapping to the oldest at the end: a round robin, so the asset checked
 * longest ago comes first. Costs one key for the whole fleet, nothing per asset.
 */
export async function nextSweepBatch(
  redis: RedisClient,
  location: TrackingLocation,
  size: number,
): Promise<SweepItem[]> {
  const ready = assetIndexKey(location, 'ready');
  const cursor = await redis.get(sweepCursorKey(location));
  if (cursor) {
    const after = await itemsAfter(redis, ready, cursor, size);
    if (after.length > 0) {
      return after;
    }
  }

  return toItems(await redis.zrange(ready, 0, size - 1, 'WITHSCORES'));
}

/** Records that `item` was checked. */
export async function advanceSweepCursor(
  redis: RedisClient,
  location: TrackingLocation,
  item: SweepItem,
): Promise<void> {
  await redis.set(sweepCursorKey(location), `${item.score} ${item.assetId}`);
}

async function itemsAfter(
  redis: RedisClient,
  ready: string,
  cursor: string,
  size: number,
): Promise<SweepItem[]> {
  const [scoreText = '', assetId = ''] = cursor.split(' ');
  const [rank, score] = await Promise.all([
    redis.zrank(ready, assetId),
    redis.zscore(ready, assetId),
  ]);

  // Still filed where it was: continue right after it, ties included.
  if (rank !== null && score === scoreText) {
    return toItems(await redis.zrange(ready, rank + 1, rank + size, 'WITHSCORES'));
  }

  // It left the set (found removed, expired): continue after its time.
  const reply = await redis.zrange(
    ready,
    `(${scoreText}`,
    '+inf',
    'BYSCORE',
    'LIMIT',
    0,
    size,
    'WITHSCORES',
  );
  return toItems(reply);
}

function toItems(flat: string[]): SweepItem[] {
  const items: SweepItem[] = [];
  for (let index = 0; index + 1 < flat.length; index += 2) {
    items.push({ assetId: flat[index] as string, score: Number(flat[index + 1]) });
  }

  return items;
}
