import { type Asset, CrunClient, type RequestOptions } from '@crun/api';

import { counters } from './counters.js';

/** The project's `CrunClient`, counting each status read; every mode pays the same increment. */
export class CountingClient extends CrunClient {
  override getAssetInfo(assetId: string, options?: RequestOptions): Promise<Asset> {
    counters.checks += 1;
    return super.getAssetInfo(assetId, options);
  }
}
