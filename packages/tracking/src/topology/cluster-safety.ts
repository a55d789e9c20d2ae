import { hashTagOf } from './hash-tag.js';

/**
 * Why a prefix cannot serve a Redis Cluster, or `undefined` when it can.
 * BullMQ's scripts and ours touch several keys of a queue at once; in a
 * cluster that is legal only when every one of them hashes to one slot, so
 * the prefix, which starts every key, must carry a hash tag.
 */
export function explainClusterUnsafePrefix(prefix: string): string | undefined {
  if (hashTagOf(prefix) !== undefined) {
    return undefined;
  }

  const fix = prefix.includes('{') || prefix.includes('}') ? '{crun}' : `{${prefix}}`;
  return (
    `prefix '${prefix}' has no hash tag, so a queue's keys would spread over ` +
    `several cluster slots and its scripts would fail with CROSSSLOT; ` +
    `set CRUN_PREFIX to '${fix}' (braces included)`
  );
}
