import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ASSET_ID_PATTERN, type CrunSimulator, startSimulator } from '../src/index.js';
import { control, getAssetInfo, readEnvelope } from './support.js';

let sim: CrunSimulator;

beforeEach(async () => {
  sim = await startSimulator();
});

afterEach(async () => {
  await sim.close();
});

describe('when assets are created over HTTP', () => {
  it('should create one asset from a spec', async () => {
    const { status, body } = await control(sim, 'POST', 'assets', {
      assetId: 'asset-20260420153000-ab12c',
      processingMs: 0,
      outcome: 'Failed',
    });

    expect(status).toBe(200);
    expect(body).toEqual({ assetIds: ['asset-20260420153000-ab12c'] });
    expect(
      (await readEnvelope(await getAssetInfo(sim, 'asset-20260420153000-ab12c'))).data,
    ).toMatchObject({ Status: 'Failed' });
  });

  it('should create count assets at once', async () => {
    const { body } = await control(sim, 'POST', 'assets', { count: 3, assetType: 'Video' });
    const assetIds = body.assetIds as string[];

    expect(assetIds).toHaveLength(3);
    expect(new Set(assetIds).size).toBe(3);
    expect(assetIds.every((id) => ASSET_ID_PATTERN.test(id))).toBe(true);
  });

  it('should answer 400 for a bad spec', async () => {
    const typo = await control(sim, 'POST', 'assets', { processingMS: 10 });
    const badCount = await control(sim, 'POST', 'assets', { count: 0 });

    expect(typo.status).toBe(400);
    expect(typo.body.error).toMatch(/processingMS/);
    expect(badCount.status).toBe(400);
  });
});

describe('when faults are driven over HTTP', () => {
  it('should inject and clear rules', async () => {
    const assetId = sim.addAsset({ processingMs: 0 });

    const injected = await control(sim, 'POST', 'faults', { rules: [{ kind: 'maintenance' }] });
    const during = await getAssetInfo(sim, assetId);
    const cleared = await control(sim, 'DELETE', 'faults');
    const after = await getAssetInfo(sim, assetId);

    expect(injected.status).toBe(200);
    expect(during.status).toBe(455);
    expect(cleared.status).toBe(200);
    expect(after.status).toBe(200);
  });

  it('should answer 400 for a bad rule', async () => {
    const { status, body } = await control(sim, 'POST', 'faults', { rules: [{ kind: 'nope' }] });

    expect(status).toBe(400);
    expect(body.error).toMatch(/rules\[0\]/);
  });
});

describe('when the account is driven over HTTP', () => {
  it('should rotate keys', async () => {
    const assetId = sim.addAsset({ processingMs: 0 });

    await control(sim, 'POST', 'keys', { keys: ['fresh'] });
    const response = await getAssetInfo(sim, assetId);

    expect(response.status).toBe(401);
  });

  it('should switch credits off and on', async () => {
    const assetId = sim.addAsset({ processingMs: 0 });

    await control(sim, 'POST', 'credits', { available: false });
    const broke = await getAssetInfo(sim, assetId);
    await control(sim, 'POST', 'credits', { available: true });
    const paid = await getAssetInfo(sim, assetId);
    const invalid = await control(sim, 'POST', 'credits', { available: 'no' });

    expect(broke.status).toBe(402);
    expect(paid.status).toBe(200);
    expect(invalid.status).toBe(400);
  });
});

describe('when stats are read over HTTP', () => {
  it('should serve a JSON snapshot and reset it', async () => {
    const assetId = sim.addAsset({ processingMs: 0 });
    await getAssetInfo(sim, assetId);

    const { body } = await control(sim, 'GET', 'stats');
    const withTimes = await control(sim, 'GET', 'stats?requestTimes=true');
    await control(sim, 'DELETE', 'stats');

    expect(body).toMatchObject({
      requests: 1,
      byRoute: { 'asset-info': 1, upload: 0, other: 0 },
      responses: { ok: 1 },
      assetInfoCalls: { [assetId]: 1 },
      peakRatePerSecond: 1,
    });
    expect(body).not.toHaveProperty('requestTimes');
    expect(withTimes.body.requestTimes).toHaveLength(1);
    expect(sim.stats.requests).toBe(0);
  });

  it('should not count control requests as API traffic', async () => {
    await control(sim, 'GET', 'stats');

    expect(sim.stats.requests).toBe(0);
  });

  it('should answer 404 for an unknown control route', async () => {
    const { status } = await control(sim, 'GET', 'nothing');

    expect(status).toBe(404);
  });
});

describe('when control routes are disabled', () => {
  it('should treat them as ordinary API paths', async () => {
    const closed = await startSimulator({ controlRoutes: false });

    const response = await fetch(`${closed.url}/_simulator/stats`);
    await closed.close();

    expect(response.status).toBe(401);
  });
});
