import { afterEach, describe, expect, it } from 'vitest';
import { type CrunSimulator, startSimulator } from '../src/index.js';
import { getAssetInfo, postUpload, readEnvelope, sleep } from './support.js';

let sim: CrunSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function statusOf(simulator: CrunSimulator, assetId: string): Promise<unknown> {
  return (await readEnvelope(await getAssetInfo(simulator, assetId))).data?.Status;
}

describe('when an asset is processing', () => {
  it('should turn Active once processingMs has passed', async () => {
    let clock = Date.parse('2026-04-21T02:41:43Z');
    sim = await startSimulator({ now: () => clock });
    const assetId = sim.addAsset({ processingMs: 50 });

    const before = await statusOf(sim, assetId);
    clock += 49;
    const almost = await statusOf(sim, assetId);
    clock += 1;
    const after = await statusOf(sim, assetId);

    expect(before).toBe('Processing');
    expect(almost).toBe('Processing');
    expect(after).toBe('Active');
  });

  it('should turn Failed when that is the scripted outcome', async () => {
    sim = await startSimulator();
    const assetId = sim.addAsset({ processingMs: 50, outcome: 'Failed' });

    await sleep(70);

    expect(await statusOf(sim, assetId)).toBe('Failed');
  });

  it('should move UpdateTime from creation to the end of processing', async () => {
    let clock = Date.parse('2026-04-21T02:41:43Z');
    sim = await startSimulator({ now: () => clock, timestampStyle: 'epoch' });
    const assetId = sim.addAsset({ processingMs: 5000 });

    const processing = (await readEnvelope(await getAssetInfo(sim, assetId))).data;
    clock += 10_000;
    const active = (await readEnvelope(await getAssetInfo(sim, assetId))).data;

    expect(processing?.UpdateTime).toBe(processing?.CreateTime);
    expect(active?.UpdateTime).toBe(Number(processing?.CreateTime) + 5);
  });
});

describe('when a status is forced', () => {
  it('should answer the forced status whatever the lifecycle says', async () => {
    sim = await startSimulator();
    const assetId = sim.addAsset({ processingMs: 60_000 });

    sim.setStatus(assetId, 'Failed');

    expect(await statusOf(sim, assetId)).toBe('Failed');
    expect(sim.getAsset(assetId)?.forcedStatus).toBe('Failed');
  });

  it('should refuse an unknown asset', async () => {
    sim = await startSimulator();

    expect(() => sim?.setStatus('asset-20260101000000-zzzzz', 'Active')).toThrow(/unknown/);
  });
});

describe('when uploads follow the default lifecycle', () => {
  it('should finish within the configured range', async () => {
    sim = await startSimulator({
      defaultLifecycle: { minProcessingMs: 20, maxProcessingMs: 40, failureRate: 0 },
    });
    const body = await readEnvelope(
      await postUpload(sim, {
        name: 'clip',
        asset_type: 'Video',
        asset_url: 'https://cdn.example.com/clip.mp4',
      }),
    );
    const assetId = String(body.data?.AssetId);
    const asset = sim.getAsset(assetId);

    expect(await statusOf(sim, assetId)).toBe('Processing');
    expect(asset?.assetType).toBe('Video');
    expect((asset?.readyAt ?? 0) - (asset?.createdAt ?? 0)).toBeGreaterThanOrEqual(20);
    expect((asset?.readyAt ?? 0) - (asset?.createdAt ?? 0)).toBeLessThanOrEqual(40);
    await sleep(60);
    expect(await statusOf(sim, assetId)).toBe('Active');
  });

  it('should draw the same lifecycles from the same seed', async () => {
    const lifecycle = { minProcessingMs: 0, maxProcessingMs: 10_000, failureRate: 0.5 };
    const draw = async (): Promise<string[]> => {
      const simulator = await startSimulator({ seed: 99, defaultLifecycle: lifecycle });
      const drawn = Array.from({ length: 20 }, () => {
        const asset = simulator.getAsset(simulator.addAsset());
        return `${(asset?.readyAt ?? 0) - (asset?.createdAt ?? 0)}:${asset?.outcome}`;
      });
      await simulator.close();
      return drawn;
    };

    const first = await draw();
    const second = await draw();

    expect(first).toEqual(second);
    expect(first.some((entry) => entry.endsWith('Failed'))).toBe(true);
    expect(first.some((entry) => entry.endsWith('Active'))).toBe(true);
  });
});
