import keySlot from 'cluster-key-slot';

import { hashTagOf } from './hash-tag.js';

/** Redis Cluster's slot count. */
export const CLUSTER_SLOTS = 16_384;

/** Most partitions one tracker may have: each needs a band of slots of its own. */
export const MAX_PARTITIONS = 256;

/**
 * The key prefix of partition `index` of `count`. Each partition has a hash
 * tag of its own, derived from the prefix's (or, for an untagged prefix,
 * from the prefix itself): `{crun}` becomes `{crun:p0}`, `{crun:p1}`, …
 *
 * A cluster splits its slots into contiguous ranges, one per shard, so the
 * tag of partition i is chosen to fall in the i-th of `count` equal bands of
 * slots: the first of `<tag>:p<i>`, `<tag>:p<i>.1`, `<tag>:p<i>.2`, … that
 * does. With a partition count that is a multiple of the shard count, every
 * shard then holds the same number of partitions. The result depends only
 * on its arguments, so producers, workers and subscribers always agree.
 */
export function partitionPrefix(prefix: string, index: number, count: number): string {
  const tag = hashTagOf(prefix);
  const band = slotBand(index, count);

  for (let attempt = 0; ; attempt += 1) {
    const candidate =
      attempt === 0 ? `${tag ?? prefix}:p${index}` : `${tag ?? prefix}:p${index}.${attempt}`;
    const slot = keySlot(candidate);
    if (slot >= band.first && slot < band.end) {
      return tag === undefined ? `{${candidate}}` : prefix.replace(`{${tag}}`, `{${candidate}}`);
    }
  }
}

/** The slots `[first, end)` that partition `index` of `count` aims its hash tag at. */
export function slotBand(index: number, count: number): { first: number; end: number } {
  return {
    first: Math.floor((index * CLUSTER_SLOTS) / count),
    end: Math.floor(((index + 1) * CLUSTER_SLOTS) / count),
  };
}
