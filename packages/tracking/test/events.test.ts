import { startTestRedis, type TestRedis } from '@crun/test-redis';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  ASSET_EVENT_SCHEMA,
  type AssetEvent,
  type DeliveredAssetEvent,
  EventPublisher,
  eventStreamKey,
  openTrackingQueue,
  readAssetEvents,
  subscribeAssetEvents,
  type TrackingLocation,
  type TrackingQueue,
  trackingJob,
} from '../src/index.js';

let redis: TestRedis;
let connection: Redis;
let location: TrackingLocation;
let queue: TrackingQueue;

beforeAll(async () => {
  redis = await startTestRedis();
  connection = new Redis(redis.url, { maxRetriesPerRequest: null });
});

afterAll(async () => {
  connection.disconnect();
  await redis.close();
});

beforeEach(() => {
  location = { prefix: 'test', queueName: `events-${Math.random().toString(36).slice(2)}` };
  queue = openTrackingQueue(connection, location);
});

afterEach(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
});

function readyEvent(assetId: string): AssetEvent {
  return {
    schema: ASSET_EVENT_SCHEMA,
    type: 'asset.ready',
    assetId,
    status: 'Active',
    asset: null,
    polls: 2,
    firstSeenAt: '2026-12-04T12:00:00.000Z',
    resolvedAt: '2026-12-04T12:00:05.000Z',
    reason: null,
    metadata: { batch: 7 },
    trackingId: 'tracking-1',
  };
}

async function trackedJob(assetId: string): Promise<void> {
  const data = { assetId, trackingId: 'tracking-1', firstSeenAt: 0, polls: 0, retries: 0 };
  const { name, data: stored, opts } = trackingJob(data);
  await queue.add(name, stored, opts);
}

async function take<T>(iterator: AsyncIterator<T>, count: number): Promise<T[]> {
  const taken: T[] = [];
  while (taken.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    taken.push(next.value);
  }
  return taken;
}

describe('EventPublisher', () => {
  describe('when the same tracking publishes twice', () => {
    it('should append one stream entry and return its ID both times', async () => {
      await trackedJob('asset-a');
      const publisher = new EventPublisher(connection, location, 1000);

      const first = await publisher.publish(readyEvent('asset-a'));
      const second = await publisher.publish({ ...readyEvent('asset-a'), polls: 9 });

      expect(first).toMatch(/^\d+-\d+$/);
      expect(second).toBe(first);
      expect(await connection.xlen(eventStreamKey(location))).toBe(1);
    });
  });

  describe('when the job is gone (tracking cancelled)', () => {
    it('should publish nothing', async () => {
      const publisher = new EventPublisher(connection, location, 1000);

      expect(await publisher.publish(readyEvent('asset-gone'))).toBeNull();
      expect(await connection.xlen(eventStreamKey(location))).toBe(0);
    });
  });

  it('should trim the stream to about its configured length', async () => {
    const publisher = new EventPublisher(connection, location, 10);
    for (let index = 0; index < 300; index += 1) {
      await trackedJob(`asset-${index}`);
      await publisher.publish(readyEvent(`asset-${index}`));
    }

    const length = await connection.xlen(eventStreamKey(location));
    expect(length).toBeGreaterThanOrEqual(10);
    expect(length).toBeLessThan(300);
  });

  it('should refuse a stream length that is not a positive integer', () => {
    expect(() => new EventPublisher(connection, location, 0)).toThrow(/maxLength/);
  });
});

describe('readAssetEvents', () => {
  it('should replay from the start, then resume after a given ID', async () => {
    const publisher = new EventPublisher(connection, location, 1000);
    for (const id of ['asset-1', 'asset-2', 'asset-3']) {
      await trackedJob(id);
      await publisher.publish(readyEvent(id));
    }
    const stop = new AbortController();

    const all = await take(
      readAssetEvents(connection, location, { from: '0', signal: stop.signal }),
      3,
    );
    const afterFirst = await take(
      readAssetEvents(connection, location, { from: all[0]?.id, signal: stop.signal }),
      2,
    );
    stop.abort();

    expect(all.map(({ event }) => event.assetId)).toEqual(['asset-1', 'asset-2', 'asset-3']);
    // The publisher lists every enqueuer's metadata; here only the first's.
    expect(all[0]?.event).toEqual({ ...readyEvent('asset-1'), metadataList: [{ batch: 7 }] });
    expect(afterFirst.map(({ event }) => event.assetId)).toEqual(['asset-2', 'asset-3']);
  });

  it('should deliver events published after it started waiting, and end on abort', async () => {
    const publisher = new EventPublisher(connection, location, 1000);
    const stop = new AbortController();
    const reading = take(
      readAssetEvents(connection, location, { signal: stop.signal, blockMs: 200 }),
      2,
    );

    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const id of ['asset-late-1', 'asset-late-2']) {
      await trackedJob(id);
      await publisher.publish(readyEvent(id));
    }
    const delivered = await reading;
    const iterator = readAssetEvents(connection, location, { signal: stop.signal, blockMs: 200 });
    setTimeout(() => stop.abort(), 50);

    expect(delivered.map(({ event }) => event.assetId)).toEqual(['asset-late-1', 'asset-late-2']);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });
});

describe('subscribeAssetEvents', () => {
  it('should announce each event with its stream ID', async () => {
    const publisher = new EventPublisher(connection, location, 1000);
    const seen: DeliveredAssetEvent[] = [];
    const unsubscribe = await subscribeAssetEvents(connection, location, (event) =>
      seen.push(event),
    );

    await trackedJob('asset-live');
    const id = await publisher.publish(readyEvent('asset-live'));
    await expect.poll(() => seen.length).toBe(1);
    await unsubscribe();

    expect(seen[0]).toEqual({
      id,
      event: { ...readyEvent('asset-live'), metadataList: [{ batch: 7 }] },
      partition: 0,
    });
  });
});
