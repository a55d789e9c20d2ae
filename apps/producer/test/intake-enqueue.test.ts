import { startTestRedis, type TestRedis } from '@crun/test-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { errorOf, type RunningIntake, startIntake, TOKEN } from './helpers/intake.js';

let redis: TestRedis;
let intake: RunningIntake;

beforeAll(async () => {
  redis = await startTestRedis();
  intake = await startIntake(redis.url, { maxItems: 5, bodyLimitBytes: 16_384 });
});

afterAll(async () => {
  await intake.close();
  await redis.close();
});

describe('POST /v1/assets', () => {
  describe('when the batch is valid', () => {
    it('should queue each asset and say so per item', async () => {
      const response = await intake.call('POST', '/v1/assets', {
        assets: ['asset-h1', { assetId: 'asset-h2', metadata: { order: 12 } }],
      });

      expect(response.status).toBe(200);
      const body = (await response.json()) as { results: { trackingId: string }[] };
      expect(body).toMatchObject({
        queued: 2,
        alreadyTracked: 0,
        rejected: 0,
        results: [
          { outcome: 'queued', assetId: 'asset-h1', trackingId: expect.any(String) },
          { outcome: 'queued', assetId: 'asset-h2', trackingId: expect.any(String) },
        ],
      });
    });

    it('should answer a repeat with the running tracking, changing nothing', async () => {
      const first = await (
        await intake.call('POST', '/v1/assets', { assets: ['asset-rep'] })
      ).json();
      const again = await intake.call('POST', '/v1/assets', { assets: ['asset-rep'] });

      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({
        queued: 0,
        alreadyTracked: 1,
        results: [
          {
            outcome: 'already-tracked',
            trackingId: (first as { results: { trackingId: string }[] }).results[0]?.trackingId,
          },
        ],
      });
    });
  });

  describe('when some IDs or metadata are invalid', () => {
    it('should reject those items by path and queue the others', async () => {
      const response = await intake.call('POST', '/v1/assets', {
        assets: [
          'asset-ok',
          'has space',
          { assetId: '', metadata: {} },
          { assetId: 'asset-big', metadata: { blob: 'x'.repeat(5000) } },
        ],
      });

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        queued: 1,
        rejected: 3,
        results: [
          { outcome: 'queued', assetId: 'asset-ok' },
          {
            outcome: 'rejected',
            path: 'assets[1]',
            reason: expect.stringContaining('start with a letter'),
          },
          {
            outcome: 'rejected',
            path: 'assets[2].assetId',
            reason: 'an asset ID must not be empty',
          },
          {
            outcome: 'rejected',
            path: 'assets[3].metadata',
            reason: expect.stringContaining('4096'),
          },
        ],
      });
    });
  });

  describe('when the body is not what the schema says', () => {
    it.each([
      [{ assets: 'asset-1' }, 'assets: must be an array'],
      [{}, 'assets: is required'],
      [{ assets: ['asset-1'], extra: true }, 'extra: is not an accepted field'],
      [
        { assets: ['asset-1', 'asset-2', 42] },
        'assets[2]: must be an asset ID or an object { assetId, metadata }',
      ],
      [{ assets: ['asset-1', { assetId: 7 }] }, 'assets[1].assetId: must be a string'],
      [{ assets: [{ metadata: {} }] }, 'assets[0].assetId: is required'],
      [
        { assets: [{ assetId: 'asset-1', metadata: [1] }] },
        'assets[0].metadata: must be an object',
      ],
      [{ assets: [{ assetId: 'asset-1', meta: {} }] }, 'assets[0].meta: is not an accepted field'],
      [[], 'body: must be an object'],
    ])('should answer 400 naming the bad field for %j', async (body, message) => {
      const response = await intake.call('POST', '/v1/assets', body);

      expect(await errorOf(response)).toEqual({ status: 400, error: 'invalid_request', message });
    });

    it('should answer 400 for malformed JSON', async () => {
      const response = await intake.call('POST', '/v1/assets', '{"assets": ["asset-1",');

      expect(await errorOf(response)).toEqual({
        status: 400,
        error: 'invalid_json',
        message: 'the body is not valid JSON',
      });
    });

    it('should answer 415 for a body that is not JSON', async () => {
      const response = await fetch(`${intake.url}/v1/assets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' },
        body: 'asset-1',
      });

      expect((await errorOf(response)).status).toBe(415);
    });
  });

  describe('when the request is too big', () => {
    it('should answer 413 for more assets than the limit', async () => {
      const assets = Array.from({ length: 6 }, (_, index) => `asset-many-${index}`);

      const response = await intake.call('POST', '/v1/assets', { assets });

      expect(await errorOf(response)).toEqual({
        status: 413,
        error: 'too_many_items',
        message: 'assets: 6 assets in one request; the limit is 5',
      });
      expect(await intake.producer.state('asset-many-0')).toBeNull();
    });

    it('should answer 413 for a body over the size limit', async () => {
      const response = await intake.call('POST', '/v1/assets', {
        assets: [{ assetId: 'asset-1', metadata: { blob: 'x'.repeat(20_000) } }],
      });

      expect(await errorOf(response)).toMatchObject({ status: 413, error: 'body_too_large' });
    });
  });
});
