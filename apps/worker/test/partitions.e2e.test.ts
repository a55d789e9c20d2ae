import { type DeliveredAnyAssetEvent, TopologyError, TrackingTopology } from '@crun/tracking';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { eventsPerAsset, Harness } from './helpers/harness.js';

const PARTITIONS = 4;

describe('tracking spread over partitions (one Redis)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await Harness.start();
  });

  afterEach(async () => {
    await harness.closeWorkers();
  });

  afterAll(async () => {
    await harness.close();
  });

  /** Every partition's events, by partition index. */
  async function eventsByPartition(topology: TrackingTopology) {
    return Promise.all(topology.partitions.map((location) => harness.events(location)));
  }

  async function waitForAllEvents(topology: TrackingTopology, count: number) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const events = (await eventsByPartition(topology)).flat();
      if (events.length >= count || Date.now() > deadline) {
        return events;
      }

      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('should track each asset in its own partition and publish every event once', async () => {
    const location = harness.newLocation();
    const topology = new TrackingTopology(location, { partitions: PARTITIONS });
    const expected = new Map<string, string>();
    for (let index = 0; index < 200; index += 1) {
      const outcome = index % 5 === 0 ? 'Failed' : 'Active';
      const assetId = harness.simulator.addAsset({ processingMs: (index % 7) * 60, outcome });
      expected.set(assetId, outcome === 'Active' ? 'asset.ready' : 'asset.failed');
    }
    await harness.startWorker(location, { partitions: PARTITIONS });
    const producer = harness.producer(location, PARTITIONS);

    const report = await producer.enqueue([...expected.keys()]);
    const events = await waitForAllEvents(topology, expected.size);

    expect(report.queued).toBe(expected.size);
    const byPartition = await eventsByPartition(topology);
    byPartition.forEach((partitionEvents: DeliveredAnyAssetEvent[], index) => {
      // Each partition holds events of its own assets only, and has some.
      expect(partitionEvents.length).toBeGreaterThan(10);
      for (const { event } of partitionEvents) {
        expect(topology.partitionIndexOf(event.assetId)).toBe(index);
      }
    });
    const counts = eventsPerAsset(events);
    expect([...counts.keys()].sort()).toEqual([...expected.keys()].sort());
    expect(Math.max(...counts.values())).toBe(1);
    for (const { event } of events) {
      expect(event.type).toBe(expected.get(event.assetId));
    }
    for (const partition of topology.partitions) {
      const left = await harness.jobsLeft(partition);
      expect((left.waiting ?? 0) + (left.delayed ?? 0) + (left.active ?? 0)).toBe(0);
    }
  });

  it('should answer state, timeline and listings for an asset in any partition', async () => {
    const location = harness.newLocation();
    const ids = Array.from({ length: 12 }, () =>
      harness.simulator.addAsset({ processingMs: 0, outcome: 'Active' }),
    );
    await harness.startWorker(location, { partitions: PARTITIONS });
    const producer = harness.producer(location, PARTITIONS);

    await producer.enqueue(ids);
    const result = await producer.waitFor(ids, { timeoutMs: 20_000 });
    const states = await Promise.all(ids.map((id) => producer.state(id)));
    const pages = [
      await producer.list({ status: 'ready', limit: 5, offset: 0 }),
      await producer.list({ status: 'ready', limit: 5, offset: 5 }),
      await producer.list({ status: 'ready', limit: 5, offset: 10 }),
    ];

    expect(result.pending).toEqual([]);
    expect(states.map((state) => state?.status)).toEqual(ids.map(() => 'ready'));
    expect(pages.map((page) => page.total)).toEqual([12, 12, 12]);
    expect(pages.map((page) => page.nextOffset)).toEqual([5, 10, null]);
    const listed = pages.flatMap((page) => page.items.map((item) => item.assetId));
    expect(listed.sort()).toEqual([...ids].sort());
  });

  it('should find an asset in flight whichever producer enqueues it again', async () => {
    const location = harness.newLocation();
    const ids = Array.from({ length: 40 }, () =>
      harness.simulator.addAsset({ processingMs: 3_600_000 }),
    );
    const first = harness.producer(location, PARTITIONS);
    const second = harness.producer(location, PARTITIONS);

    const queued = await first.enqueue(ids);
    const again = await second.enqueue([...ids].reverse());
    const cancelled = await Promise.all(ids.map((id) => second.cancel(id)));

    expect(queued.queued).toBe(ids.length);
    expect(again.alreadyTracked).toBe(ids.length);
    const trackingOf = new Map(
      queued.results.map((r) => [r.outcome !== 'rejected' && r.assetId, r]),
    );
    for (const result of again.results) {
      expect(result.outcome).toBe('already-tracked');
      if (result.outcome === 'already-tracked') {
        const original = trackingOf.get(result.assetId);
        expect(original?.outcome === 'queued' && original.trackingId).toBe(result.trackingId);
      }
    }
    expect(cancelled.map((result) => result.outcome)).toEqual(ids.map(() => 'cancelled'));
  });

  it('should leave the partitions a worker does not serve to other workers', async () => {
    const location = harness.newLocation();
    const topology = new TrackingTopology(location, { partitions: PARTITIONS });
    const ids = Array.from({ length: 60 }, () =>
      harness.simulator.addAsset({ processingMs: 0, outcome: 'Active' }),
    );
    const served = new Set([0, 1]);
    const mine = ids.filter((id) => served.has(topology.partitionIndexOf(id)));
    const others = ids.filter((id) => !served.has(topology.partitionIndexOf(id)));
    await harness.startWorker(location, { partitions: PARTITIONS, servePartitions: [0, 1] });
    const producer = harness.producer(location, PARTITIONS);

    await producer.enqueue(ids);
    const first = await waitForAllEvents(topology, mine.length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stillFirst = (await eventsByPartition(topology)).flat();
    await harness.startWorker(location, { partitions: PARTITIONS, servePartitions: [2, 3] });
    const all = await waitForAllEvents(topology, ids.length);

    expect(first.map(({ event }) => event.assetId).sort()).toEqual([...mine].sort());
    expect(stillFirst).toHaveLength(mine.length);
    expect(others.length).toBeGreaterThan(0);
    expect(all.map(({ event }) => event.assetId).sort()).toEqual([...ids].sort());
  });

  it('should refuse a partition count other than the one the fleet runs with', async () => {
    const location = harness.newLocation();
    await harness.startWorker(location, { partitions: PARTITIONS });
    const stray = harness.producer(location, PARTITIONS + 2);
    const assetId = harness.simulator.addAsset({ processingMs: 0 });

    await expect(stray.enqueue([assetId])).rejects.toThrow(TopologyError);
    await expect(stray.enqueue([assetId])).rejects.toThrow(
      /CRUN_PARTITIONS is 6, but the tracker at .* runs with 4 partitions/,
    );
    await expect(harness.startWorker(location, { partitions: 2 })).rejects.toThrow(
      /CRUN_PARTITIONS is 2/,
    );
    expect(await harness.producer(location, PARTITIONS).state(assetId)).toBeNull();
  });

  it('should refuse partitions it does not have', async () => {
    const location = harness.newLocation();

    await expect(
      harness.startWorker(location, { partitions: 2, servePartitions: [2] }),
    ).rejects.toThrow(/indexes from 0 to 1/);
  });
});
