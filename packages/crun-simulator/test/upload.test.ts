import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrunSimulator, startSimulator } from '../src/index.js';
import { postUpload, readEnvelope } from './support.js';

let sim: CrunSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim.close();
});

const valid = { name: 'front', asset_type: 'Image', asset_url: 'https://cdn.example.com/a.png' };

describe('when an upload body is invalid', () => {
  it.each([
    ['not JSON', '{"name":'],
    ['empty', ''],
    ['an array', '[]'],
    ['missing name', { ...valid, name: undefined }],
    ['blank name', { ...valid, name: '   ' }],
    ['unknown asset_type', { ...valid, asset_type: 'Document' }],
    ['lowercase asset_type', { ...valid, asset_type: 'image' }],
    ['missing asset_url', { ...valid, asset_url: undefined }],
    ['ftp asset_url', { ...valid, asset_url: 'ftp://cdn.example.com/a.png' }],
    ['relative asset_url', { ...valid, asset_url: '/a.png' }],
    ['loopback asset_url', { ...valid, asset_url: 'http://127.0.0.1/a.png' }],
    ['private asset_url', { ...valid, asset_url: 'http://192.168.1.10/a.png' }],
    ['localhost asset_url', { ...valid, asset_url: 'http://localhost:8080/a.png' }],
    ['IPv6 loopback asset_url', { ...valid, asset_url: 'http://[::1]/a.png' }],
  ])('should answer 422 for %s', async (_case, body) => {
    const response = await postUpload(sim, body);

    expect(response.status).toBe(422);
    expect(await readEnvelope(response)).toMatchObject({ code: 422, data: null });
  });
});

describe('when an upload body is valid', () => {
  it('should create a Processing asset with the given name and type', async () => {
    const response = await postUpload(sim, { ...valid, asset_type: 'Audio', name: 'voice' });
    const assetId = String((await readEnvelope(response)).data?.AssetId);

    expect(sim.getAsset(assetId)).toMatchObject({ name: 'voice', assetType: 'Audio' });
    expect(sim.stats.byRoute.upload).toBeGreaterThan(0);
  });
});
