import { Worker } from 'bullmq';
import { describe, expect, it } from 'vitest';

import { assetRecordKey, getAssetState, jobKey } from '../src/index.js';
import { eventFor, resolveTracking, trackedJob } from './helpers/fixtures.js';
import { useTrackingSuite } from './helpers/tracking-suite.js';

const suite = useTrackingSuite('registry');

describe('getAssetState', () => {
  describe('when the asset is unknown', () => {
    it('should answer null', async () => {
      expect(await getAssetState(suite.connection, suite.location, 'asset-unknown')).toBeNull();
    });
  });

  describe('when the asset is in flight', () => {
    it('should describe it from its job: waiting, with its data', async () => {
      const data = await trackedJob(suite.queue, 'asset-wait', {
        polls: 2,
        metadata: { batch: 1 },
      });

      expect(await getAssetState(suite.connection, suite.location, 'asset-wait')).toEqual({
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
      await trackedJob(suite.queue, 'asset-later', {}, 60_000);

      const state = await getAssetState(suite.connection, suite.location, 'asset-later');

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
      const worker = new Worker(suite.location.queueName, () => held, {
        connection: suite.connection.duplicate(),
        prefix: suite.location.prefix,
      });
      await trackedJob(suite.queue, 'asset-held');

      await expect
        .poll(
          async () => (await getAssetState(suite.connection, suite.location, 'asset-held'))?.status,
        )
        .toBe('tracking');
      await expect
        .poll(async () => {
          const state = await getAssetState(suite.connection, suite.location, 'asset-held');
          return state && 'queueState' in state ? state.queueState : null;
        })
        .toBe('active');
      release();
      await worker.close();
    });
  });

  describe('when the tracking has ended', () => {
    it('should answer the event as the record, kept for the retention', async () => {
      const data = await trackedJob(suite.queue, 'asset-done', { metadata: { order: 7 } });
      const eventId = await resolveTracking(suite.queue, suite.publisher, data, 'asset.failed');

      const state = await getAssetState(suite.connection, suite.location, 'asset-done');

      expect(state).toMatchObject({
        assetId: 'asset-done',
        status: 'failed',
        trackingId: data.trackingId,
        polls: 3,
        eventId,
        metadata: { order: 7 },
        event: { type: 'asset.failed', status: 'Failed' },
      });
      const ttl = await suite.connection.pttl(assetRecordKey(suite.location, 'asset-done'));
      expect(ttl).toBeGreaterThan(7 * 24 * 3600_000 - 60_000);
    });

    it('should answer the record once published, before the job is removed', async () => {
      const data = await trackedJob(suite.queue, 'asset-closing');
      await suite.publisher.publish(eventFor(data));

      expect(await getAssetState(suite.connection, suite.location, 'asset-closing')).toMatchObject({
        status: 'ready',
        trackingId: data.trackingId,
      });
    });
  });

  describe('when an asset is tracked again after it finished', () => {
    it('should answer the new tracking, not the old record', async () => {
      const first = await trackedJob(suite.queue, 'asset-again');
      await resolveTracking(suite.queue, suite.publisher, first);
      const second = await trackedJob(suite.queue, 'asset-again');

      expect(await getAssetState(suite.connection, suite.location, 'asset-again')).toMatchObject({
        status: 'tracking',
        trackingId: second.trackingId,
      });
    });
  });

  describe('when the job was stored by an earlier version, with readable JSON data', () => {
    it('should describe it alike, timeline included', async () => {
      const data = await trackedJob(suite.queue, 'asset-earlier');
      const earlier = { ...data, polls: 2, timeline: '0,P,5,b 5,P,10,b' };
      await suite.connection.hset(jobKey(suite.location, 'asset-earlier'), {
        data: JSON.stringify(earlier),
      });

      expect(await getAssetState(suite.connection, suite.location, 'asset-earlier')).toMatchObject({
        status: 'tracking',
        trackingId: data.trackingId,
        polls: 2,
        timeline: [
          [0, 'Processing', 5, 'backoff'],
          [5, 'Processing', 10, 'backoff'],
        ],
      });
    });
  });

  describe('when a job failed unexpectedly and was kept for inspection', () => {
    it('should answer errored with the reason', async () => {
      const data = await trackedJob(suite.queue, 'asset-broken');
      await suite.connection.hset(jobKey(suite.location, 'asset-broken'), {
        finishedOn: Date.now(),
        failedReason: 'boom',
      });

      expect(await getAssetState(suite.connection, suite.location, 'asset-broken')).toMatchObject({
        status: 'errored',
        reason: 'boom',
        trackingId: data.trackingId,
      });
    });
  });
});
