import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CrunSimulator, startSimulator } from '../src/index.js';
import { ASSET_INFO, getAssetInfo, KEY, readEnvelope, UPLOAD } from './support.js';

let sim: CrunSimulator;
let assetId: string;

beforeEach(async () => {
  sim = await startSimulator();
  assetId = sim.addAsset({ processingMs: 0 });
});

afterEach(async () => {
  await sim.close();
});

describe('when the API key is checked', () => {
  it('should answer 401 without a key', async () => {
    const response = await getAssetInfo(sim, assetId, { headers: {} });

    expect(response.status).toBe(401);
    expect(await readEnvelope(response)).toEqual({
      code: 401,
      message: expect.any(String),
      data: null,
    });
  });

  it('should answer 401 for an unknown key', async () => {
    const response = await getAssetInfo(sim, assetId, { headers: { 'x-api-key': 'nope' } });

    expect(response.status).toBe(401);
  });

  it('should accept the header name in any case', async () => {
    const response = await getAssetInfo(sim, assetId, { headers: { 'X-Api-KEY': KEY } });

    expect(response.status).toBe(200);
  });

  it('should reject the old key after a rotation', async () => {
    sim.setApiKeys(['rotated']);

    const old = await getAssetInfo(sim, assetId);
    const rotated = await getAssetInfo(sim, assetId, { headers: { 'x-api-key': 'rotated' } });

    expect(old.status).toBe(401);
    expect(rotated.status).toBe(200);
  });

  it('should check the key before the path', async () => {
    const response = await fetch(`${sim.url}/api/v1/nowhere`);

    expect(response.status).toBe(401);
  });
});

describe('when the account has no credits', () => {
  it('should answer 402 until credits come back', async () => {
    sim.setCredits(false);
    const broke = await getAssetInfo(sim, assetId);
    sim.setCredits(true);
    const paid = await getAssetInfo(sim, assetId);

    expect(broke.status).toBe(402);
    expect((await readEnvelope(broke)).code).toBe(402);
    expect(paid.status).toBe(200);
  });
});

describe('when a path or method is wrong', () => {
  it('should answer a 404 envelope for an unknown path', async () => {
    const response = await fetch(`${sim.url}/api/v1/client/job/nothing`, {
      headers: { 'x-api-key': KEY },
    });

    expect(response.status).toBe(404);
    expect(await readEnvelope(response)).toMatchObject({ code: 404, data: null });
  });

  it('should answer a 404 envelope for a wrong method', async () => {
    const post = await fetch(`${sim.url}${ASSET_INFO}?asset_id=${assetId}`, {
      method: 'POST',
      headers: { 'x-api-key': KEY },
    });
    const get = await fetch(`${sim.url}${UPLOAD}`, { headers: { 'x-api-key': KEY } });

    expect(post.status).toBe(404);
    expect(get.status).toBe(404);
    expect(sim.stats.byRoute.other).toBe(2);
  });
});

describe('when asset-info gets a bad asset_id', () => {
  it('should answer 422 when asset_id is missing or empty', async () => {
    const missing = await fetch(`${sim.url}${ASSET_INFO}`, { headers: { 'x-api-key': KEY } });
    const empty = await getAssetInfo(sim, '');

    expect(missing.status).toBe(422);
    expect(empty.status).toBe(422);
    expect((await readEnvelope(empty)).code).toBe(422);
  });

  it('should answer 404 with null data for an unknown asset', async () => {
    const response = await getAssetInfo(sim, 'asset-20260101000000-zzzzz');

    expect(response.status).toBe(404);
    expect(await readEnvelope(response)).toMatchObject({ code: 404, data: null });
  });

  it('should answer 404 once the asset is removed', async () => {
    sim.removeAsset(assetId);

    const response = await getAssetInfo(sim, assetId);

    expect(response.status).toBe(404);
    expect(sim.getAsset(assetId)?.removed).toBe(true);
  });
});

describe('when errors travel in the body only', () => {
  it('should answer HTTP 200 with the code in the envelope', async () => {
    const bodySim = await startSimulator({ errorStyle: 'body' });

    const response = await getAssetInfo(bodySim, 'asset-20260101000000-zzzzz');
    await bodySim.close();

    expect(response.status).toBe(200);
    expect((await readEnvelope(response)).code).toBe(404);
  });
});
