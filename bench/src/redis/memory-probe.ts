import type { Redis } from 'ioredis';

import { infoNumber, readInfo } from './redis-info.js';

/**
 * Memory the dataset holds, in bytes: `used_memory` after `MEMORY PURGE`,
 * less what clients' buffers, the AOF buffer and the script cache hold at
 * that moment, since those come and go with connections and scripts, not
 * with tracked assets. Deltas of this figure divided by N give bytes per
 * asset with every key of the asset included.
 */
export async function datasetBytes(redis: Redis): Promise<number> {
  // jemalloc only; other allocators answer an error, which changes nothing here.
  await redis.call('MEMORY', 'PURGE').catch(() => undefined);
  const fields = await readInfo(redis, 'memory');

  return (
    infoNumber(fields, 'used_memory') -
    infoNumber(fields, 'mem_clients_normal') -
    infoNumber(fields, 'mem_aof_buffer') -
    infoNumber(fields, 'used_memory_scripts')
  );
}

/** `MEMORY USAGE` and `OBJECT ENCODING` of one key, to explain a per-asset figure. */
export async function keyFootprint(
  redis: Redis,
  key: string,
): Promise<{ bytes: number; encoding: string }> {
  const bytes = Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
  const encoding = String(await redis.call('OBJECT', 'ENCODING', key));
  return { bytes, encoding };
}
