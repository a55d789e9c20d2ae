import {
  ASSET_EVENT_SCHEMA,
  type AssetEventType,
  EventPublisher,
  jobKey,
  parseTrackingJob,
} from '@crun/tracking';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { API_KEY, eventsPerAsset, FAST_POLICY, Harness, sleep } from './helpers/harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await Harness.start();
});

afterEach(async () => {
  await harness.closeWorkers();
  harness.simulator.clearFaults();
});

afterAll(() => harness.close());

/** Assets in the simulator with known outcomes, and the event each must end in. */
function mixedAssets(count: number, slowDeadline: boolean) {
  const expected = new Map<string, AssetEventType>();
  for (let index = 0; index < count; index += 1) {
    const processingMs = Math.floor(Math.random() * 1_200);
    const kind = index % 20;
    if (kind < 13) {
      expected.set(harness.simulator.addAsset({ processingMs, outcome: 'Active' }), 'asset.ready');
    } else if (kind < 17) {
      expected.set(harness.simulator.addAsset({ processingMs, outcome: 'Failed' }), 'asset.failed');
    } else if (kind < 19) {
      expected.set(`asset-unknown-${index}`, 'asset.not_found');
    } else if (slowDeadline) {
      const never = harness.simulator.addAsset({ processingMs: 3_600_000, outcome: 'Active' });
      expected.set(never, 'asset.timed_out');
    } else {
      expected.set(harness.simulator.addAsset({ processingMs, outcome: 'Active' }), 'asset.ready');
    }
  }
  return expected;
}

describe('tracking end to end', () => {
  describe('when a few hundred assets with mixed lifecycles are enqueued', () => {
    it('should publish exactly one event of the right type per asset and leave no job', async () => {
      const location = harness.newLocation();
      const expected = mixedAssets(300, true);
      await harness.startWorker(location, { policy: { ...FAST_POLICY, deadlineMs: 2_500 } });
      const producer = harness.producer(location);

      const report = await producer.enqueue(
        [...expected.keys()].map((assetId) => ({ assetId, metadata: { source: 'e2e', assetId } })),
      );
      const events = await harness.waitForEvents(location, expected.size);

      expect(report).toMatchObject({ queued: 300, alreadyTracked: 0, rejected: 0 });
      expect(events).toHaveLength(300);
      expect([...eventsPerAsset(events).values()].every((count) => count === 1)).toBe(true);
      for (const { event } of events) {
        expect(event.type).toBe(expected.get(event.assetId));
        expect(event.metadata).toEqual({ source: 'e2e', assetId: event.assetId });
      }
      expect(await harness.jobsLeft(location)).toEqual({
        waiting: 0,
        delayed: 0,
        active: 0,
        failed: 0,
        completed: 0,
        prioritized: 0,
      });
    });

    it('should describe each outcome fully in its event', async () => {
      const location = harness.newLocation();
      const ready = harness.simulator.addAsset({
        processingMs: 350,
        outcome: 'Active',
        name: 'front',
      });
      const failed = harness.simulator.addAsset({ processingMs: 0, outcome: 'Failed' });
      const never = harness.simulator.addAsset({ processingMs: 3_600_000 });
      await harness.startWorker(location, { policy: { ...FAST_POLICY, deadlineMs: 1_000 } });
      const started = Date.now();

      await harness.producer(location).enqueue([ready, failed, never, 'asset-nobody-knows']);
      const events = await harness.waitForEvents(location, 4);
      const byId = new Map(events.map(({ event }) => [event.assetId, event]));

      expect(byId.get(ready)).toMatchObject({
        schema: 'crun.asset-event/1',
        type: 'asset.ready',
        status: 'Active',
        asset: { assetId: ready, name: 'front', status: 'Active' },
        reason: null,
        metadata: null,
      });
      expect(byId.get(ready)?.polls).toBeGreaterThanOrEqual(2);
      const firstSeenAt = Date.parse(byId.get(ready)?.firstSeenAt ?? '');
      expect(firstSeenAt).toBeGreaterThanOrEqual(started);
      expect(firstSeenAt).toBeLessThanOrEqual(Date.now());
      const readyAt = harness.simulator.getAsset(ready)?.readyAt ?? Number.POSITIVE_INFINITY;
      expect(Date.parse(byId.get(ready)?.resolvedAt ?? '')).toBeGreaterThanOrEqual(readyAt);
      expect(byId.get(ready)?.asset?.createTime).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
      );
      expect(byId.get(failed)).toMatchObject({ type: 'asset.failed', status: 'Failed', polls: 1 });
      expect(byId.get(never)).toMatchObject({ type: 'asset.timed_out', status: 'Processing' });
      expect(byId.get(never)?.reason).toMatch(/still Processing after \d+ polls/);
      expect(byId.get('asset-nobody-knows')).toMatchObject({
        type: 'asset.not_found',
        status: null,
        asset: null,
        polls: 0,
      });
    });

    it('should read each asset along the backoff schedule, never sooner', async () => {
      const location = harness.newLocation();
      const assetId = harness.simulator.addAsset({ processingMs: 1_400, outcome: 'Active' });
      await harness.startWorker(location, {
        policy: { ...FAST_POLICY, poll: { ...FAST_POLICY.poll, jitter: 0 } },
      });
      harness.simulator.resetStats();

      await harness.producer(location).enqueue([assetId]);
      const [delivered] = await harness.waitForEvents(location, 1);
      const times = harness.simulator.stats.requestTimes;
      const gaps = times.slice(1).map((time, index) => time - (times[index] ?? 0));

      // Waits of 100, 200 and 400 ms, then 400 ms at the cap; the 1.4 s
      // review ends after five or six reads, depending on scheduling lag.
      const schedule = [100, 200, 400, 400, 400];
      expect(delivered?.event.polls).toBe(times.length);
      expect(times.length).toBeGreaterThanOrEqual(5);
      expect(times.length).toBeLessThanOrEqual(6);
      gaps.forEach((gap, index) => {
        expect(gap).toBeGreaterThanOrEqual((schedule[index] ?? 0) - 5);
        expect(gap).toBeLessThan((schedule[index] ?? 0) + 250);
      });
    });
  });

  describe('when an asset is enqueued again', () => {
    it('should keep one tracking while in flight, and start a new one after it ended', async () => {
      const location = harness.newLocation();
      const assetId = harness.simulator.addAsset({ processingMs: 500, outcome: 'Active' });
      await harness.startWorker(location);
      const producer = harness.producer(location);

      const first = await producer.enqueue([assetId]);
      const during = await producer.enqueue([assetId, assetId]);
      const [resolved] = await harness.waitForEvents(location, 1);
      const after = await producer.enqueue([assetId]);
      const events = await harness.waitForEvents(location, 2);

      expect(first.queued).toBe(1);
      expect(during).toMatchObject({ queued: 0, alreadyTracked: 2 });
      expect(after.queued).toBe(1);
      expect(events).toHaveLength(2);
      expect(events[1]?.event.type).toBe('asset.ready');
      expect(events[1]?.event.trackingId).not.toBe(resolved?.event.trackingId);
      expect(events[1]?.event.polls).toBe(1);
    });
  });

  describe('when the worker stops mid-run', () => {
    it('should lose nothing across a graceful restart', async () => {
      const location = harness.newLocation();
      const expected = mixedAssets(200, false);
      const first = await harness.startWorker(location, { concurrency: 10 });

      await harness.producer(location).enqueue([...expected.keys()]);
      await sleep(400);
      await first.close(2_000);
      const beforeRestart = (await harness.events(location)).length;
      await sleep(300);
      await harness.startWorker(location, { concurrency: 10 });
      const events = await harness.waitForEvents(location, expected.size);

      expect(beforeRestart).toBeGreaterThan(0);
      expect(beforeRestart).toBeLessThan(expected.size);
      expect(events).toHaveLength(expected.size);
      expect([...eventsPerAsset(events).values()].every((count) => count === 1)).toBe(true);
      for (const { event } of events) {
        expect(event.type).toBe(expected.get(event.assetId));
      }
    });

    it('should hand the checks of a worker that died mid-read to another, with one event each', async () => {
      const location = harness.newLocation();
      const expected = mixedAssets(100, false);
      harness.simulator.injectFaults([{ kind: 'latency', ms: 300 }]);
      const stallSettings = { lockDurationMs: 1_000, stalledIntervalMs: 500 };
      const doomed = await harness.startWorker(location, { concurrency: 50, ...stallSettings });

      await harness.producer(location).enqueue([...expected.keys()]);
      await sleep(150);
      const activeAtCrash = (await harness.jobsLeft(location)).active;
      await Promise.all(doomed.workers.map((worker) => worker.close(true)));
      harness.simulator.clearFaults();
      await harness.startWorker(location, { concurrency: 50, ...stallSettings });
      const events = await harness.waitForEvents(location, expected.size);

      expect(activeAtCrash).toBeGreaterThan(0);
      expect(events).toHaveLength(expected.size);
      expect([...eventsPerAsset(events).values()].every((count) => count === 1)).toBe(true);
      expect((await harness.jobsLeft(location)).failed).toBe(0);
    });
  });

  describe('when a worker died after publishing but before completing the job', () => {
    it('should not publish a second event when another worker runs the job again', async () => {
      const location = harness.newLocation();
      const assetId = harness.simulator.addAsset({ processingMs: 0 });
      await harness.producer(location).enqueue([assetId]);
      const publisher = new EventPublisher(harness.inspector, location, 1_000);
      const job = await harness.inspector.hget(jobKey(location, assetId), 'data');
      const data = parseTrackingJob(assetId, job ?? '[]', null);
      const earlier = await publisher.publish({
        schema: ASSET_EVENT_SCHEMA,
        type: 'asset.ready',
        assetId,
        status: 'Active',
        asset: null,
        polls: 1,
        firstSeenAt: new Date(data.firstSeenAt).toISOString(),
        resolvedAt: new Date().toISOString(),
        reason: null,
        metadata: null,
        trackingId: data.trackingId,
      });

      await harness.startWorker(location);
      await expect
        .poll(async () => (await harness.jobsLeft(location)).waiting, { timeout: 5_000 })
        .toBe(0);
      await sleep(500);
      const events = await harness.events(location);

      expect(events.map(({ id }) => id)).toEqual([earlier]);
      expect(await harness.inspector.exists(jobKey(location, assetId))).toBe(0);
    });
  });

  describe('logging', () => {
    it('should never write the API key, and log one line per resolved asset', async () => {
      const location = harness.newLocation();
      harness.logLines.length = 0;
      const ids = [harness.simulator.addAsset({ processingMs: 200 }), 'asset-unknown-log'];
      harness.simulator.injectFaults([
        { kind: 'rate-limit', count: 2 },
        { kind: 'auth', count: 1 },
      ]);
      await harness.startWorker(location);

      await harness.producer(location).enqueue(ids);
      await harness.waitForEvents(location, 2);
      await harness.closeWorkers();

      expect(harness.logLines.length).toBeGreaterThan(0);
      expect(harness.logLines.filter((line) => line.includes(API_KEY))).toEqual([]);
      const resolved = harness.logLines.filter((line) => line.includes('"asset resolved"'));
      expect(resolved).toHaveLength(2);
    });
  });
});
