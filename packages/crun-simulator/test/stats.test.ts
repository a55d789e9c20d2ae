import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CrunSimulator, startSimulator } from '../src/index.js';
import { getAssetInfo } from './support.js';

let clock = 0;
let sim: CrunSimulator;

beforeEach(async () => {
  clock = Date.parse('2026-04-21T00:00:00Z');
  sim = await startSimulator({ now: () => clock });
});

afterEach(async () => {
  await sim.close();
});

async function requestAt(times: readonly number[], assetId: string): Promise<void> {
  const start = clock;

  for (const offset of times) {
    clock = start + offset;
    await getAssetInfo(sim, assetId);
  }
}

describe('when requests are counted', () => {
  it('should count routes, outcomes and calls per asset', async () => {
    const assetId = sim.addAsset({ processingMs: 0 });

    await getAssetInfo(sim, assetId);
    await getAssetInfo(sim, assetId);
    await getAssetInfo(sim, assetId, { headers: {} });
    await fetch(`${sim.url}/elsewhere`, { headers: { 'x-api-key': 'sim-key' } });

    expect(sim.stats.requests).toBe(4);
    expect(sim.stats.byRoute).toEqual({ 'asset-info': 3, upload: 0, other: 1 });
    expect(sim.stats.responses).toEqual({ ok: 2, '401': 1, '404': 1 });
    expect(sim.stats.assetInfoCalls.get(assetId)).toBe(3);
    expect(sim.stats.requestTimes).toHaveLength(4);
  });

  it('should reset in place so held references stay live', async () => {
    const stats = sim.stats;
    await getAssetInfo(sim, 'asset-20260101000000-zzzzz');

    sim.resetStats();
    await getAssetInfo(sim, 'asset-20260101000000-zzzzz');

    expect(stats.requests).toBe(1);
    expect(stats.responses).toEqual({ '404': 1 });
  });
});

describe('when the peak rate is measured', () => {
  it('should find the busiest sliding window', async () => {
    const assetId = sim.addAsset({ processingMs: 0 });

    await requestAt([0, 100, 900, 1000, 1050, 1099, 2500], assetId);

    expect(sim.stats.peakRate(1000)).toBe(5);
    expect(sim.stats.peakRate(100)).toBe(3);
    expect(sim.stats.peakRate(1)).toBe(1);
    expect(sim.stats.peakRate(10_000)).toBe(7);
  });

  it('should answer 0 with no traffic and refuse a zero window', () => {
    expect(sim.stats.peakRate(1000)).toBe(0);
    expect(() => sim.stats.peakRate(0)).toThrow(RangeError);
  });
});
