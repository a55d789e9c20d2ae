import { afterEach, describe, expect, it } from 'vitest';
import { ASSET_ID_PATTERN, type CrunSimulator, startSimulator } from '../src/index.js';
import { getAssetInfo, postUpload, readEnvelope } from './support.js';

let sim: CrunSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('when an asset is read', () => {
  it('should match the documented ISO example byte for byte', async () => {
    const clock = Date.parse('2026-04-21T02:41:43.250Z');
    sim = await startSimulator({ now: () => clock, timestampStyle: 'iso' });
    sim.addAsset({
      assetId: 'asset-20260420153000-ab12c',
      name: 'fashion-model-front',
      processingMs: 0,
    });

    const response = await getAssetInfo(sim, 'asset-20260420153000-ab12c');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.text()).toBe(
      '{"code":200,"message":"success","data":{"AssetId":"asset-20260420153000-ab12c","Name":"fashion-model-front","AssetType":"Image","Status":"Active","CreateTime":"2026-04-21T02:41:43Z","UpdateTime":"2026-04-21T02:41:43Z"}}',
    );
  });

  it('should match the documented epoch example byte for byte', async () => {
    let clock = 1_768_900_378_400;
    sim = await startSimulator({ now: () => clock, timestampStyle: 'epoch' });
    sim.addAsset({
      assetId: 'asset-20260420153000-ab12c',
      name: 'fashion-model-front',
      processingMs: 37_000,
    });
    clock += 60_000;

    const response = await getAssetInfo(sim, 'asset-20260420153000-ab12c');

    expect(await response.text()).toBe(
      '{"code":200,"message":"success","data":{"AssetId":"asset-20260420153000-ab12c","Name":"fashion-model-front","AssetType":"Image","Status":"Active","CreateTime":1768900378,"UpdateTime":1768900415}}',
    );
  });

  it('should alternate the timestamp form per created asset by default', async () => {
    sim = await startSimulator();
    const first = sim.addAsset({ processingMs: 0 });
    const second = sim.addAsset({ processingMs: 0 });

    const firstData = (await readEnvelope(await getAssetInfo(sim, first))).data;
    const secondData = (await readEnvelope(await getAssetInfo(sim, second))).data;

    expect(firstData?.CreateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(secondData?.CreateTime).toEqual(expect.any(Number));
    expect(sim.getAsset(first)?.timestampStyle).toBe('iso');
    expect(sim.getAsset(second)?.timestampStyle).toBe('epoch');
  });

  it('should let one asset pick its own timestamp form', async () => {
    sim = await startSimulator({ timestampStyle: 'iso' });
    const assetId = sim.addAsset({ processingMs: 0, timestampStyle: 'epoch' });

    const { data } = await readEnvelope(await getAssetInfo(sim, assetId));

    expect(data?.UpdateTime).toEqual(expect.any(Number));
  });
});

describe('when an upload succeeds', () => {
  it('should answer only the new AssetId in the documented shape', async () => {
    sim = await startSimulator({ now: () => Date.parse('2026-04-20T15:30:00Z') });

    const response = await postUpload(sim, {
      name: 'fashion-model-front',
      asset_type: 'Image',
      asset_url: 'https://cdn.example.com/front.png',
    });
    const body = await readEnvelope(response);

    expect(response.status).toBe(200);
    expect(Object.keys(body)).toEqual(['code', 'message', 'data']);
    expect(body).toMatchObject({ code: 200, message: 'success' });
    expect(Object.keys(body.data ?? {})).toEqual(['AssetId']);
    expect(body.data?.AssetId).toMatch(ASSET_ID_PATTERN);
    expect(body.data?.AssetId).toMatch(/^asset-20260420153000-/);
  });
});

describe('when asset IDs are generated with a seed', () => {
  it('should generate the same IDs in every run', async () => {
    const clock = (): number => Date.parse('2026-04-20T15:30:00Z');
    sim = await startSimulator({ seed: 7, now: clock });
    const other = await startSimulator({ seed: 7, now: clock });

    const ids = [sim.addAsset(), sim.addAsset()];
    const otherIds = [other.addAsset(), other.addAsset()];
    await other.close();

    expect(ids).toEqual(otherIds);
    expect(ids[0]).not.toBe(ids[1]);
  });
});
