import type { CrunSimulator } from '@crun/simulator';
import type { AssetEventType } from '@crun/tracking';

/** The demo's assets and the outcome each should reach. */
export interface DemoBatch {
  ids: string[];
  expected: Map<string, AssetEventType>;
}

/**
 * Creates `count` assets in the simulator: most pass review after 1 to 6
 * seconds, one in ten fails, and a few IDs are unknown to Crun. Two malformed
 * IDs are added at the end to show how the producer rejects them.
 */
export function seedDemoAssets(simulator: CrunSimulator, count: number): DemoBatch {
  const expected = new Map<string, AssetEventType>();
  const types = ['Image', 'Video', 'Audio'] as const;

  for (let index = 0; index < count; index += 1) {
    const processingMs = 1_000 + Math.floor(Math.random() * 5_000);
    const assetType = types[index % types.length] ?? 'Image';
    if (index % 40 === 39) {
      expected.set(`asset-20260101000000-gone${index}`, 'asset.not_found');
    } else if (index % 10 === 9) {
      const id = simulator.addAsset({ processingMs, outcome: 'Failed', assetType });
      expected.set(id, 'asset.failed');
    } else {
      const id = simulator.addAsset({ processingMs, outcome: 'Active', assetType });
      expected.set(id, 'asset.ready');
    }
  }

  return { ids: [...expected.keys(), 'not an id', '12345'], expected };
}
