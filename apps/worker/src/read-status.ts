import { type CrunClient, CrunError } from '@crun/api';

import type { ReadResult } from './next-step.js';

/** One status read: the asset, or the Crun error it failed with (anything else throws). */
export async function readStatus(client: CrunClient, assetId: string): Promise<ReadResult> {
  try {
    return { asset: await client.getAssetInfo(assetId) };
  } catch (error) {
    if (error instanceof CrunError) {
      return { error };
    }

    throw error;
  }
}
