import { explainInvalidAssetId } from '@crun/api';

/**
 * An asset's job key is `<prefix>:<queue>:<assetId>`, beside the keys BullMQ
 * and the tracker keep for the queue itself. An asset ID equal to one of
 * their last parts would read or overwrite them, so those IDs are refused.
 * (Crun's own IDs look like `asset-20260420153000-ab12c` and never collide.)
 */
const RESERVED_NAMES = new Set([
  'active',
  'wait',
  'waiting-children',
  'paused',
  'id',
  'delayed',
  'prioritized',
  'priority',
  'stalled-check',
  'completed',
  'failed',
  'stalled',
  'repeat',
  'limiter',
  'meta',
  'events',
  'pc',
  'marker',
  'de',
  'metrics',
  'asset-events',
  'crun-budget',
  'crun-account-fault',
  'crun-layout',
]);

/** Why `value` cannot be tracked, or `undefined` when it can. */
export function explainUntrackableAssetId(value: unknown): string | undefined {
  const problem = explainInvalidAssetId(value);
  if (problem) {
    return problem;
  }

  if (RESERVED_NAMES.has(value as string)) {
    return `"${value as string}" is reserved for the tracker's own keys and cannot be an asset ID`;
  }

  return undefined;
}
