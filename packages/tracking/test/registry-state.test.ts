import { startTestRedis, type TestRedis } from '@crun/test-redis';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  assetRecordKey,
  EventPublisher,
  getAssetState,
  jobKey,
  openTrackingQueue,
  type TrackingLocation,
  type TrackingQueue,
} from '../src/index.js';
import { eventFor, newLocation, resolveTracking, trackedJob } from './helpers/fixtures.js';

let redis: TestRedis;
let connection: Redis;
let location: TrackingLocation;
let queue: TrackingQueue;
let publisher: EventPublisher;

beforeAll(async () => {
  redis = await startTestRedis();
  connection = new Redis(redis.url, { maxRetriesPerRequest: null });
});

afterAll(async () => {
  connection.disconnect();
  await redis.close();
});

beforeEach(() => {
  location = newLocation('registry');
  queue = openTrackingQueue(connection, location);
  publisher = new EventPublisher(connection, location, 1000);
});

afterEach(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
});

describe('getAssetState', () => {
  describe('when the asset is unknown', () => {
    it('should answer null', async () => {
      expect(await getAssetState(connection, location, 'asset-unknown')).toBeNull();
    });
  });

  describe('when the asset is in flight', () => {
    it('should describe it from its job: waiting, with its data', async () => {
      const data = await trackedJob(queue, 'asset-wait', { polls: 2, metadata: { batch: 1 } });

      expect(await getAssetState(connection, location, 'asset-wait')).toEqual({
        assetId: 'asset-wait',
        status: 'tracking',
        queueState: 'waiting',
        trackingId: data.trackingId,
        polls: 2,
        retries: 0,
        firstSeenAt: new Date(data.firstSeenAt).toISOString(),
        nextCheckAt: null,
        metadata: { batch: 1 },
        metadataList: [{ batch: 1 }],
        timeline: [],
      });
    });

    it('should say when a delayed job is due', async () => {
      const before = Date.now();
      await trackedJob(queue, 'asset-later', {}, 60_000);

      const state = await getAssetState(connection, location, 'asset-later');

      expect(state).toMatchObject({ status: 'tracking', queueState: 'delayed' });
      const dueMs = Date.parse((state as { nextCheckAt: string }).nextCheckAt);
      expect(dueMs).toBeGreaterThanOrEqual(before + 60_000);
      expect(dueMs).toBeLessThan(Date.now() + 61_000);
    });

    it('should see a job a worker holds as active', async () => {
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const worker = new Worker(location.queueName, () => held, {
        connection: connection.duplicate(),
        prefix: location.prefix,
      });
      await trackedJob(queue, 'asset-held');

      await expect
        .poll(async () => (await getAssetState(connection, location, 'asset-held'))?.status)
        .toBe('tracking');
      await expect
        .poll(async () => {
          const state = await getAssetState(connection, location, 'asset-held');
          return state && 'queueState' in state ? state.queueState : null;
        })
        .toBe('active');
      release();
      await worker.close();
    });
  });

  describe('when the tracking has ended', () => {
    it('should answer the event as the record, kept for the retention', async () => {
      const data = await trackedJob(queue, 'asset-done', { metadata: { order: 7 } });
      const eventId = await resolveTracking(queue, publisher, data, 'asset.failed');

      const state = await getAssetState(connection, location, 'asset-done');

      expect(state).toMatchObject({
        assetId: 'asset-done',
        status: 'failed',
        trackingId: data.trackingId,
        polls: 3,
        eventId,
        metadata: { order: 7 },
        event: { type: 'asset.failed', status: 'Failed' },
      });
      const ttl = await connection.pttl(assetRecordKey(location, 'asset-done'));
      expect(ttl).toBeGreaterThan(7 * 24 * 3600_000 - 60_000);
    });

    it('should answer the record once published, before the job is removed', async () => {
      const data = await trackedJob(queue, 'asset-closing');
      await publisher.publish(eventFor(data));

      expect(await getAssetState(connection, location, 'asset-closing')).toMatchObject({
        status: 'ready',
        trackingId: data.trackingId,
      });
    });
  });

  describe('when an asset is tracked again after it finished', () => {
    it('should answer the new tracking, not the old record', async () => {
      const first = await trackedJob(queue, 'asset-again');
      await resolveTracking(queue, publisher, first);
      const second = await trackedJob(queue, 'asset-again');

      expect(await getAssetState(connection, location, 'asset-again')).toMatchObject({
        status: 'tracking',
        trackingId: second.trackingId,
      });
    });
  });

  describe('when a job failed unexpectedly and was kept for inspection', () => {
    it('should answer errored with the reason', async () => {
      const data = await trackedJob(queue, 'asset-broken');
      await connection.hset(jobKey(location, 'asset-broken'), {
        finishedOn: Date.now(),
        failedReason: 'boom',
      });

      expect(await getAssetState(connection, location, 'asset-broken')).toMatchObject({
        status: 'errored',
        reason: 'boom',
        trackingId: data.trackingId,
      });
    });
  });
});
