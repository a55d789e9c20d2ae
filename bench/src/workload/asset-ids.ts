import type { CrunSimulator } from '@crun/simulator';

/** Long enough that no asset turns Active during a run. */
export const FOREVER_MS = 365 * 24 * 3600_000;

/**
 * `count` asset IDs in Crun's shape (`asset-<14 digits>-<5 base-36>`, 26
 * characters like the real ones), distinct per `batch`, so sizes in Redis
 * are those of production IDs.
 */
export function assetIds(count: number, batch: number): string[] {
  const stamp = `2026${String(batch % 1e10).padStart(10, '0')}`;
  return Array.from({ length: count }, (_, index) => {
    return `asset-${stamp}-${index.toString(36).padStart(5, '0')}`;
  });
}

/** Registers the IDs in the simulator as assets that stay Processing. */
export function addProcessingAssets(sim: CrunSimulator, ids: readonly string[]): void {
  for (const assetId of ids) {
    sim.addAsset({ assetId, processingMs: FOREVER_MS });
  }
}

let batches = 0;

/** A batch number not used before in this run. */
export function nextBatch(): number {
  batches += 1;
  return batches;
}
