import { startTestRedis, type TestRedis } from '@crun/test-redis';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  type AssetEventConsumer,
  type AssetEventConsumerOptions,
  EventPublisher,
  eventStreamKey,
  openTrackingQueue,
  rewindConsumerGroup,
  startAssetEventConsumer,
  type TrackingLocation,
  type TrackingQueue,
} from '../src/index.js';
import { newLocation, resolveTracking, sleep, trackedJob } from './helpers/fixtures.js';

let redis: TestRedis;
let connection: Redis;
let location: TrackingLocation;
let queue: TrackingQueue;
let publisher: EventPublisher;
let consumers: AssetEventConsumer[];

beforeAll(async () => {
  redis = await startTestRedis();
  connection = new Redis(redis.url, { maxRetriesPerRequest: null });
});

afterAll(async () => {
  connection.disconnect();
  await redis.close();
});

beforeEach(() => {
  location = newLocation('group');
  queue = openTrackingQueue(connection, location);
  publisher = new EventPublisher(connection, location, 1000);
  consumers = [];
});

afterEach(async () => {
  await Promise.all(consumers.map((consumer) => consumer.close()));
  await queue.obliterate({ force: true });
  await queue.close();
});

async function publishReady(...assetIds: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const assetId of assetIds) {
    ids.push(await resolveTracking(queue, publisher, await trackedJob(queue, assetId)));
  }

  return ids;
}

async function start(
  options: Partial<AssetEventConsumerOptions> & Pick<AssetEventConsumerOptions, 'handler'>,
): Promise<AssetEventConsumer> {
  const consumer = await startAssetEventConsumer(connection, location, {
    group: 'billing',
    blockMs: 100,
    reclaimIdleMs: 300,
    reclaimIntervalMs: 100,
    ...options,
  });
  consumers.push(consumer);
  return consumer;
}

async function pendingCount(): Promise<number> {
  const [count] = (await connection.xpending(eventStreamKey(location), 'billing')) as [number];
  return count;
}

describe('startAssetEventConsumer', () => {
  describe('when events are published after the group starts', () => {
    it('should hand each to one consumer and acknowledge it once handled', async () => {
      const seen: Record<string, string[]> = { a: [], b: [] };
      for (const name of ['a', 'b'] as const) {
        await start({
          consumer: name,
          handler: ({ event }) => void seen[name]?.push(event.assetId),
        });
      }

      await publishReady('asset-1', 'asset-2', 'asset-3', 'asset-4');
      await expect.poll(() => (seen.a?.length ?? 0) + (seen.b?.length ?? 0)).toBe(4);
      await sleep(200);

      expect([...(seen.a ?? []), ...(seen.b ?? [])].sort()).toEqual([
        'asset-1',
        'asset-2',
        'asset-3',
        'asset-4',
      ]);
      expect(await pendingCount()).toBe(0);
    });
  });

  describe('when a new group starts at 0', () => {
    it('should deliver what the stream already holds', async () => {
      await publishReady('asset-old-1', 'asset-old-2');
      const seen: string[] = [];

      await start({ startAt: '0', handler: ({ event }) => void seen.push(event.assetId) });

      await expect.poll(() => seen).toEqual(['asset-old-1', 'asset-old-2']);
    });
  });

  describe('when a handler throws', () => {
    it('should leave the entry pending, then handle it again once idle', async () => {
      const errors: unknown[] = [];
      let calls = 0;
      await start({
        handler: () => {
          calls += 1;
          if (calls === 1) {
            throw new Error('downstream unavailable');
          }
        },
        onError: (error) => errors.push(error),
      });

      await publishReady('asset-retry');
      await expect.poll(() => calls).toBe(1);
      expect(await pendingCount()).toBe(1);

      await expect.poll(() => calls, { timeout: 3_000 }).toBe(2);
      await expect.poll(pendingCount).toBe(0);
      expect(errors).toEqual([expect.objectContaining({ message: 'downstream unavailable' })]);
    });
  });

  describe('when a consumer dies with entries it read but never acknowledged', () => {
    it('should let another consumer take them over after the idle time', async () => {
      await start({ consumer: 'doomed', handler: () => {} });
      await consumers.pop()?.close();
      const [first, second] = await publishReady('asset-lost-1', 'asset-lost-2');
      // What a crashed process leaves: entries delivered to it, never acked.
      await connection.xreadgroup(
        'GROUP',
        'billing',
        'doomed',
        'STREAMS',
        eventStreamKey(location),
        '>',
      );
      expect(await pendingCount()).toBe(2);
      const seen: string[] = [];

      await start({ consumer: 'rescuer', handler: ({ id }) => void seen.push(id) });

      await expect.poll(() => seen, { timeout: 3_000 }).toEqual([first, second]);
      await expect.poll(pendingCount).toBe(0);
    });
  });

  describe('when the group is rewound to an earlier entry', () => {
    it('should deliver the entries after it again', async () => {
      const seen: string[] = [];
      await start({ handler: ({ event }) => void seen.push(event.assetId) });
      const [first] = await publishReady('asset-r1', 'asset-r2', 'asset-r3');
      await expect.poll(() => seen.length).toBe(3);

      await rewindConsumerGroup(connection, location, 'billing', first as string);

      await expect
        .poll(() => seen)
        .toEqual(['asset-r1', 'asset-r2', 'asset-r3', 'asset-r2', 'asset-r3']);
    });
  });

  describe('when closed while a handler runs', () => {
    it('should let it finish and acknowledge it', async () => {
      let started = false;
      const consumer = await start({
        handler: async () => {
          started = true;
          await sleep(300);
        },
      });
      await publishReady('asset-slow');
      await expect.poll(() => started).toBe(true);

      await consumer.close();

      expect(await pendingCount()).toBe(0);
    });
  });
});
