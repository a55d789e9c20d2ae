import type { AssetProducer } from '@crun/producer';
import { type AssetState, jobKey, type TrackingLocation, waitForAsset } from '@crun/tracking';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { FAST_POLICY, Harness, sleep } from './helpers/harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await Harness.start();
});

afterEach(async () => {
  await harness.closeWorkers();
  harness.simulator.clearFaults();
});

afterAll(() => harness.close());

/** Parks each job for a minute after its first read. */
const SLOW_POLLS = {
  policy: { ...FAST_POLICY, poll: { ...FAST_POLICY.poll, initialDelayMs: 60_000 } },
};

function queueStateOf(state: AssetState | null): string | null {
  return state && 'queueState' in state ? state.queueState : null;
}

async function until(producer: AssetProducer, assetId: string, queueState: string): Promise<void> {
  await expect
    .poll(async () => queueStateOf(await producer.state(assetId)), { timeout: 5_000 })
    .toBe(queueState);
}

/** An asset whose reads take 800 ms, so its job stays active on the worker meanwhile. */
function slowAsset(processingMs: number): string {
  const assetId = harness.simulator.addAsset({ processingMs });
  harness.simulator.injectFaults([{ kind: 'latency', ms: 800, assetIds: [assetId] }]);
  return assetId;
}

async function noJobLeft(location: TrackingLocation): Promise<void> {
  await expect
    .poll(async () => Object.values(await harness.jobsLeft(location)).every((n) => n === 0), {
      timeout: 5_000,
    })
    .toBe(true);
}

describe('cancelTracking', () => {
  describe('when the job is waiting for a worker', () => {
    it('should remove it, publish asset.cancelled and tell waiters', async () => {
      const location = harness.newLocation();
      const producer = harness.producer(location);
      const assetId = harness.simulator.addAsset({ processingMs: 0 });
      const [queued] = (await producer.enqueue([{ assetId, metadata: { run: 1 } }])).results;
      const waiting = waitForAsset(harness.inspector, location, assetId, { timeoutMs: 5_000 });

      const result = await producer.cancel(assetId, 'upload superseded');

      expect(result).toMatchObject({ outcome: 'cancelled', jobRemoved: true });
      expect((await waiting).event).toMatchObject({
        type: 'asset.cancelled',
        reason: 'upload superseded',
        metadata: { run: 1 },
        metadataList: [{ run: 1 }],
        trackingId: queued && 'trackingId' in queued ? queued.trackingId : '',
      });
      expect(await harness.inspector.exists(jobKey(location, assetId))).toBe(0);
      expect((await producer.state(assetId))?.status).toBe('cancelled');
      expect(await producer.cancel(assetId)).toEqual({ outcome: 'not-tracked', assetId });
    });
  });

  describe('when the job is parked until its next read', () => {
    it('should remove it, and no ready event follows', async () => {
      const location = harness.newLocation();
      const producer = harness.producer(location);
      const assetId = harness.simulator.addAsset({ processingMs: 300 });
      await harness.startWorker(location, SLOW_POLLS);
      await producer.enqueue([assetId]);
      await until(producer, assetId, 'delayed');

      const result = await producer.cancel(assetId);
      await sleep(600);

      expect(result).toMatchObject({ outcome: 'cancelled', jobRemoved: true });
      expect((await harness.events(location)).map(({ event }) => event.type)).toEqual([
        'asset.cancelled',
      ]);
      await noJobLeft(location);
    });
  });

  describe('when another worker is reading the asset', () => {
    it('should publish no ready event after the cancel, and the job goes', async () => {
      const location = harness.newLocation();
      const producer = harness.producer(location);
      const assetId = slowAsset(0);
      harness.logLines.length = 0;
      await harness.startWorker(location);
      await producer.enqueue([assetId]);
      await until(producer, assetId, 'active');

      const result = await producer.cancel(assetId);
      await sleep(1_200);

      expect(result).toMatchObject({ outcome: 'cancelled', jobRemoved: false });
      // The read that ended the tracking saw Active and found the cancel first.
      const skipped = harness.logLines.filter((line) =>
        line.includes('cancelled during its last read'),
      );
      expect(skipped).toHaveLength(1);
      expect((await harness.events(location)).map(({ event }) => event.type)).toEqual([
        'asset.cancelled',
      ]);
      await noJobLeft(location);
    });

    it('should remove the job once the read ends, when the asset is still Processing', async () => {
      const location = harness.newLocation();
      const producer = harness.producer(location);
      const assetId = slowAsset(3_600_000);
      harness.logLines.length = 0;
      await harness.startWorker(location);
      await producer.enqueue([assetId]);
      await until(producer, assetId, 'active');

      const result = await producer.cancel(assetId);
      await noJobLeft(location);

      expect(result).toMatchObject({ outcome: 'cancelled', jobRemoved: false });
      expect(
        harness.logLines.filter((line) => line.includes('cancelled tracking removed')),
      ).toHaveLength(1);
      expect((await harness.events(location)).map(({ event }) => event.type)).toEqual([
        'asset.cancelled',
      ]);
    });
  });

  describe('when the tracking already ended', () => {
    it('should say so and publish nothing', async () => {
      const location = harness.newLocation();
      const producer = harness.producer(location);
      const assetId = harness.simulator.addAsset({ processingMs: 0 });
      await harness.startWorker(location);
      await producer.enqueue([assetId]);
      await harness.waitForEvents(location, 1);

      expect(await producer.cancel(assetId)).toEqual({ outcome: 'not-tracked', assetId });
      expect(await harness.events(location)).toHaveLength(1);
    });
  });
});

describe('checkNow', () => {
  describe('when the job is parked until a later read', () => {
    it('should promote it, and the asset is read at once', async () => {
      const location = harness.newLocation();
      const producer = harness.producer(location);
      const assetId = harness.simulator.addAsset({ processingMs: 3_600_000 });
      await harness.startWorker(location, SLOW_POLLS);
      await producer.enqueue([assetId]);
      await until(producer, assetId, 'delayed');
      const readsBefore = harness.simulator.stats.assetInfoCalls.get(assetId) ?? 0;

      const result = await producer.checkNow(assetId);

      expect(result).toEqual({ outcome: 'promoted', assetId });
      await expect
        .poll(() => harness.simulator.stats.assetInfoCalls.get(assetId), { timeout: 5_000 })
        .toBe(readsBefore + 1);
      await until(producer, assetId, 'delayed');
      expect((await producer.timeline(assetId))?.entries).toHaveLength(2);
    });
  });

  describe('when the job is waiting or being read', () => {
    it('should change nothing and say so', async () => {
      const location = harness.newLocation();
      const producer = harness.producer(location);
      const idle = harness.simulator.addAsset({ processingMs: 0 });
      await producer.enqueue([idle]);

      const waiting = await producer.checkNow(idle);
      await producer.cancel(idle);
      const busy = slowAsset(3_600_000);
      await harness.startWorker(location);
      await producer.enqueue([busy]);
      await until(producer, busy, 'active');
      const active = await producer.checkNow(busy);

      expect(waiting).toEqual({ outcome: 'already-due', assetId: idle, queueState: 'waiting' });
      expect(active).toEqual({ outcome: 'already-due', assetId: busy, queueState: 'active' });
      expect(await producer.checkNow('asset-never-seen')).toEqual({
        outcome: 'not-tracked',
        assetId: 'asset-never-seen',
      });
    });
  });
});

describe('several pipelines enqueuing one asset', () => {
  it("should share one poller and carry every pipeline's metadata to the event", async () => {
    const location = harness.newLocation();
    const assetId = harness.simulator.addAsset({ processingMs: 900 });
    await harness.startWorker(location);
    const [first, second, third] = [1, 2, 3].map(() => harness.producer(location));

    await first?.enqueue([{ assetId, metadata: { pipeline: 'thumbnails', order: 1 } }]);
    await sleep(250);
    const joined = await second?.enqueue([{ assetId, metadata: { pipeline: 'billing' } }]);
    const again = await third?.enqueue([
      { assetId, metadata: { order: 1, pipeline: 'thumbnails' } },
      { assetId, metadata: { pipeline: 'billing' } },
      { assetId, metadata: { pipeline: 'search', tags: ['a'] } },
    ]);
    const inFlight = await first?.state(assetId);
    const [delivered] = await harness.waitForEvents(location, 1);

    expect(joined?.results[0]).toMatchObject({
      outcome: 'already-tracked',
      metadataOutcome: 'merged',
    });
    expect(
      again?.results.map((result) => 'metadataOutcome' in result && result.metadataOutcome),
    ).toEqual(['duplicate', 'duplicate', 'merged']);
    expect(inFlight?.metadataList).toHaveLength(3);
    expect(delivered?.event).toMatchObject({
      type: 'asset.ready',
      metadata: { pipeline: 'thumbnails', order: 1 },
      metadataList: [
        { pipeline: 'thumbnails', order: 1 },
        { pipeline: 'billing' },
        { pipeline: 'search', tags: ['a'] },
      ],
    });
    expect(harness.simulator.stats.assetInfoCalls.get(assetId)).toBe(delivered?.event.polls);
  });
});
