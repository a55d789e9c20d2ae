import type { RedisClient } from '../redis-client.js';

import type { TrackingLocation } from '../tracking-keys.js';
import type { AssetStateStatus } from './asset-state.js';
import { queueSetKey } from './registry-keys.js';

/** One of BullMQ's sets, in the order a listing walks them. */
interface Segment {
  key: string;
  kind: 'list' | 'zset' | 'zset-newest-first';
}

/**
 * BullMQ's sets that hold the jobs of a status: in flight, the active jobs
 * first (being read now), then those due, then those parked until later;
 * errored, the failed set, newest first.
 */
function segmentsOf(location: TrackingLocation, status: AssetStateStatus): Segment[] {
  if (status === 'errored') {
    return [{ key: queueSetKey(location, 'failed'), kind: 'zset-newest-first' }];
  }

  return [
    { key: queueSetKey(location, 'active'), kind: 'list' },
    { key: queueSetKey(location, 'wait'), kind: 'list' },
    { key: queueSetKey(location, 'prioritized'), kind: 'zset' },
    { key: queueSetKey(location, 'delayed'), kind: 'zset' },
  ];
}

/**
 * The job IDs (= asset IDs) from `offset` to `offset + limit` across the
 * sets of `status`, and how many they hold in all.
 */
export async function listInFlightIds(
  redis: RedisClient,
  location: TrackingLocation,
  status: AssetStateStatus,
  offset: number,
  limit: number,
): Promise<{ ids: string[]; total: number }> {
  const segments = segmentsOf(location, status);
  const sizes = await Promise.all(
    segments.map(({ key, kind }) => (kind === 'list' ? redis.llen(key) : redis.zcard(key))),
  );

  const ids: string[] = [];
  let skip = offset;
  for (const [index, segment] of segments.entries()) {
    const size = sizes[index] ?? 0;
    if (skip >= size) {
      skip -= size;
      continue;
    }

    const wanted = limit - ids.length;
    if (wanted <= 0) {
      break;
    }

    ids.push(...(await readRange(redis, segment, skip, skip + wanted - 1)));
    skip = 0;
  }

  return { ids, total: sizes.reduce((sum, size) => sum + size, 0) };
}

function readRange(
  redis: RedisClient,
  segment: Segment,
  start: number,
  stop: number,
): Promise<string[]> {
  if (segment.kind === 'list') {
    return redis.lrange(segment.key, start, stop);
  }

  if (segment.kind === 'zset') {
    return redis.zrange(segment.key, start, stop);
  }

  return redis.zrevrange(segment.key, start, stop);
}
