import type { CrunClient } from '@crun/api';

import { counters } from './counters.js';
import type { ChildConfig } from './protocol.js';
import type { Running } from './start-mode.js';

const ASSET_INFO_PATH = '/api/v1/client/job/asset-info';

/**
 * Status reads in a closed loop, `concurrency` at a time, with no queue at
 * all: what the HTTP client alone costs per read. Runs until `stop`.
 */
export function startHttpLoop(config: ChildConfig, client: CrunClient): Running {
  const read = config.mode === 'http-ky' ? readWithKy(client) : readWithFetch(config);
  let stopped = false;
  let next = 0;

  const loop = async () => {
    while (!stopped) {
      const assetId = config.assetIds[next % config.assetIds.length] ?? '';
      next += 1;
      await read(assetId);
    }
  };
  const loops = Array.from({ length: config.concurrency }, loop);

  return {
    // Measured alone, never alternated with another fleet.
    async pause() {},
    async resume() {},
    async stop() {
      stopped = true;
      await Promise.allSettled(loops);
    },
  };
}

function readWithKy(client: CrunClient): (assetId: string) => Promise<unknown> {
  // CountingClient counts the read itself.
  return (assetId) => client.getAssetInfo(assetId);
}

/**
 * Plain `fetch` (undici, keep-alive by default) and `JSON.parse`, with the
 * same headers: the least a status read can cost in Node.
 */
function readWithFetch(config: ChildConfig): (assetId: string) => Promise<unknown> {
  const headers = { 'x-api-key': config.apiKey, accept: 'application/json' };
  return async (assetId) => {
    counters.checks += 1;
    const url = `${config.simUrl}${ASSET_INFO_PATH}?asset_id=${encodeURIComponent(assetId)}`;
    const response = await fetch(url, { headers });
    const body = (await response.json()) as { code?: number };
    if (body.code !== 200) {
      throw new Error(`asset-info answered code ${String(body.code)}`);
    }

    return body;
  };
}
