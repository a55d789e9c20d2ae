import { CrunApiError, CrunClient } from '@crun/api';
import { type CrunSimulator, startSimulator } from '@crun/simulator';
import { startTestRedis, type TestRedis } from '@crun/test-redis';
import { EventPublisher, waitForAsset } from '@crun/tracking';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  AssetProducer,
  RedisUnavailableError,
  UploadNotTrackedError,
  uploadAndTrack,
} from '../src/index.js';
import { terminalEvent } from './helpers/events.js';
import { newLocation } from './helpers/intake.js';

const API_KEY = 'sk-upload-test-key-5e4d3c';
const PARAMS = {
  name: 'front',
  assetType: 'Image',
  assetUrl: 'https://cdn.example.com/front.png',
} as const;

let redis: TestRedis;
let simulator: CrunSimulator;
let client: CrunClient;

beforeAll(async () => {
  redis = await startTestRedis();
  simulator = await startSimulator({
    apiKeys: [API_KEY],
    seed: 7,
    defaultLifecycle: { minProcessingMs: 200, maxProcessingMs: 400, failureRate: 0 },
  });
  client = new CrunClient({ apiKey: API_KEY, baseUrl: simulator.url, timeoutMs: 2_000 });
});

afterAll(async () => {
  await simulator.close();
  await redis.close();
});

beforeEach(() => {
  simulator.clearFaults();
  simulator.resetStats();
});

/** Reads the asset from Crun until it leaves Processing, then publishes, as a worker would. */
async function trackLikeAWorker(producer: AssetProducer, assetId: string, trackingId: string) {
  let asset = await client.getAssetInfo(assetId);
  while (asset.status === 'Processing') {
    await new Promise((resolve) => setTimeout(resolve, 50));
    asset = await client.getAssetInfo(assetId);
  }

  const connection = new Redis(redis.url);
  const type = asset.status === 'Active' ? 'asset.ready' : 'asset.failed';
  await new EventPublisher(connection, producer.location, 100).publish(
    terminalEvent(assetId, trackingId, type),
  );
  connection.disconnect();
}

describe('uploadAndTrack', () => {
  describe('when Crun takes the upload', () => {
    it('should start tracking the new ID, whose event can then be awaited', async () => {
      const producer = new AssetProducer({ redisUrl: redis.url, location: newLocation('upload') });

      const tracked = await uploadAndTrack(client, producer, { ...PARAMS, metadata: { shoot: 3 } });
      const state = await producer.state(tracked.assetId);
      const connection = new Redis(redis.url);
      const waiting = waitForAsset(connection, producer.location, tracked.assetId, {
        timeoutMs: 5_000,
        trackingId: tracked.trackingId,
      });
      await trackLikeAWorker(producer, tracked.assetId, tracked.trackingId);
      const delivered = await waiting;
      connection.disconnect();
      await producer.close();

      expect(tracked).toMatchObject({ outcome: 'queued', trackingId: expect.any(String) });
      expect(simulator.getAsset(tracked.assetId)).toMatchObject({ name: 'front' });
      expect(state).toMatchObject({ status: 'tracking', metadata: { shoot: 3 } });
      expect(delivered.event).toMatchObject({
        type: 'asset.ready',
        trackingId: tracked.trackingId,
      });
    });
  });

  describe('when Crun refuses the upload', () => {
    it('should throw its error once, without retrying, and track nothing', async () => {
      const producer = new AssetProducer({ redisUrl: redis.url, location: newLocation('upload') });
      simulator.injectFaults([{ kind: 'server-error', paths: ['upload'], count: 1 }]);

      const error = await uploadAndTrack(client, producer, PARAMS).catch(
        (caught: unknown) => caught,
      );
      const page = await producer.list({ status: 'tracking' });
      await producer.close();

      expect(error).toBeInstanceOf(CrunApiError);
      expect(simulator.stats.byRoute.upload).toBe(1);
      expect(page.total).toBe(0);
    });
  });

  describe('when Redis is unavailable before the upload', () => {
    it('should fail without uploading anything', async () => {
      const offline = new AssetProducer({ redisUrl: 'redis://127.0.0.1:1' });

      const error = await uploadAndTrack(client, offline, PARAMS).catch(
        (caught: unknown) => caught,
      );
      await offline.close();

      expect(error).toBeInstanceOf(RedisUnavailableError);
      expect(simulator.stats.byRoute.upload).toBe(0);
    });
  });

  describe('when Redis fails between the upload and the enqueue', () => {
    it('should throw UploadNotTrackedError carrying the new asset ID', async () => {
      const producer = new AssetProducer({ redisUrl: redis.url, location: newLocation('upload') });
      // The simulator's latency holds the upload while Redis goes down.
      simulator.injectFaults([{ kind: 'latency', paths: ['upload'], ms: 500 }]);
      const uploading = uploadAndTrack(client, producer, PARAMS).catch((caught: unknown) => caught);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await redis.stop();

      const error = await uploading;
      await redis.start();
      await producer.close();

      expect(error).toBeInstanceOf(UploadNotTrackedError);
      const { assetId } = error as UploadNotTrackedError;
      expect(simulator.getAsset(assetId)).toBeDefined();
    });
  });

  describe('when the metadata is invalid', () => {
    it('should throw before uploading', async () => {
      const producer = new AssetProducer({ redisUrl: redis.url, location: newLocation('upload') });

      const upload = uploadAndTrack(client, producer, { ...PARAMS, metadata: [] as never });

      await expect(upload).rejects.toThrow(TypeError);
      await producer.close();
      expect(simulator.stats.byRoute.upload).toBe(0);
    });
  });
});
