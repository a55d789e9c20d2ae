import { CrunClient } from '@crun/api';
import { type CrunSimulator, startSimulator } from '@crun/simulator';
import { startTestRedis, type TestRedis } from '@crun/test-redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { type RunningIntake, startIntake } from './helpers/intake.js';

const API_KEY = 'sk-upload-test-key-5e4d3c';

let redis: TestRedis;
let simulator: CrunSimulator;
let client: CrunClient;
let intake: RunningIntake;

beforeAll(async () => {
  redis = await startTestRedis();
  simulator = await startSimulator({
    apiKeys: [API_KEY],
    seed: 7,
    defaultLifecycle: { minProcessingMs: 200, maxProcessingMs: 400, failureRate: 0 },
  });
  client = new CrunClient({ apiKey: API_KEY, baseUrl: simulator.url, timeoutMs: 2_000 });
  intake = await startIntake(redis.url, { crunClient: client });
});

afterAll(async () => {
  await intake.close();
  await simulator.close();
  await redis.close();
});

beforeEach(() => {
  simulator.clearFaults();
  simulator.resetStats();
});

describe('POST /v1/uploads', () => {
  describe('when the upload is valid', () => {
    it('should answer 201 with the new asset ID and its tracking', async () => {
      const response = await intake.call('POST', '/v1/uploads', {
        name: 'voice',
        asset_type: 'Audio',
        asset_url: 'https://cdn.example.com/voice.mp3',
        metadata: { take: 2 },
      });
      const body = (await response.json()) as { assetId: string };

      expect(response.status).toBe(201);
      expect(body).toMatchObject({ outcome: 'queued', trackingId: expect.any(String) });
      expect(simulator.getAsset(body.assetId)).toMatchObject({ name: 'voice' });
      expect(await intake.producer.state(body.assetId)).toMatchObject({ metadata: { take: 2 } });
    });
  });

  describe('when the body is invalid', () => {
    it('should answer 400 naming the field, without calling Crun', async () => {
      const response = await intake.call('POST', '/v1/uploads', {
        name: 'x',
        asset_type: 'Photo',
        asset_url: 'https://cdn.example.com/x.png',
      });

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        message: 'asset_type: must be one of Image, Video, Audio',
      });
      expect(simulator.stats.byRoute.upload).toBe(0);
    });
  });

  describe('when Crun rejects the request', () => {
    it('should answer 422 with its reason', async () => {
      const response = await intake.call('POST', '/v1/uploads', {
        name: 'private',
        asset_type: 'Image',
        asset_url: 'http://10.0.0.8/private.png',
      });

      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({
        error: 'upload_rejected',
        message: expect.stringContaining('public'),
        maybeCreated: false,
      });
    });
  });

  describe('when Crun fails', () => {
    it('should answer 502 and say whether the asset may exist', async () => {
      simulator.injectFaults([{ kind: 'server-error', paths: ['upload'], count: 1 }]);

      const response = await intake.call('POST', '/v1/uploads', {
        name: 'x',
        asset_type: 'Video',
        asset_url: 'https://cdn.example.com/x.mp4',
      });

      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ error: 'crun_error', maybeCreated: false });
    });
  });

  describe('when Redis goes down between the upload and the enqueue', () => {
    it('should answer 503 with the new asset ID, to enqueue later', async () => {
      simulator.injectFaults([{ kind: 'latency', paths: ['upload'], ms: 500 }]);
      const answer = intake.call('POST', '/v1/uploads', {
        name: 'late',
        asset_type: 'Image',
        asset_url: 'https://cdn.example.com/late.png',
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await redis.stop();

      const response = await answer;
      await redis.start();
      const body = (await response.json()) as { error: string; assetId: string };

      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(body.error).toBe('not_tracked');
      expect(simulator.getAsset(body.assetId)).toBeDefined();
    });
  });

  describe('when the server has no Crun key', () => {
    it('should answer 501', async () => {
      const bare = await startIntake(redis.url);

      const response = await bare.call('POST', '/v1/uploads', {
        name: 'x',
        asset_type: 'Video',
        asset_url: 'https://cdn.example.com/x.mp4',
      });
      await bare.close();

      expect(response.status).toBe(501);
    });
  });
});
