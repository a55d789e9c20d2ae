import { startTestRedis, type TestRedis } from '@crun/test-redis';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  AssetWaitTimeoutError,
  EventPublisher,
  openTrackingQueue,
  type TrackingLocation,
  type TrackingQueue,
  waitForAsset,
  waitForAssets,
} from '../src/index.js';
import { newLocation, resolveTracking, sleep, trackedJob } from './helpers/fixtures.js';

let redis: TestRedis;
let connection: Redis;
let location: TrackingLocation;
let queue: TrackingQueue;
let publisher: EventPublisher;

beforeAll(async () => {
  redis = await startTestRedis();
  connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  // One test stops Redis; reconnection errors are expected then.
  connection.on('error', () => {});
});

afterAll(async () => {
  connection.disconnect();
  await redis.close();
});

beforeEach(() => {
  location = newLocation('wait');
  queue = openTrackingQueue(connection, location);
  queue.on('error', () => {});
  publisher = new EventPublisher(connection, location, 1000);
});

afterEach(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
});

/**
 * Real Redis, with one seam: `hook` runs right after the wait's registry
 * read returns and before its next command, which forces the interleaving a
 * wrong order of steps would lose.
 */
function afterRegistryRead(connection: Redis, hook: () => Promise<void>): Redis {
  const duplicate = connection.duplicate.bind(connection);
  connection.duplicate = (override) => {
    const reader = duplicate(override);
    const pipeline = reader.pipeline.bind(reader);
    reader.pipeline = (commands) => {
      const batch = pipeline(commands);
      const exec = batch.exec.bind(batch);
      batch.exec = async () => {
        const replies = await exec();
        await hook();
        return replies;
      };
      return batch;
    };
    return reader;
  };

  return connection;
}

describe('waitForAsset', () => {
  describe('when the asset resolved before the call', () => {
    it('should resolve at once with the event from the registry', async () => {
      const data = await trackedJob(queue, 'asset-early');
      const id = await resolveTracking(queue, publisher, data, 'asset.failed');
      const started = Date.now();

      const delivered = await waitForAsset(connection, location, 'asset-early', {
        timeoutMs: 5_000,
      });

      expect(delivered).toMatchObject({ id, event: { type: 'asset.failed' } });
      expect(Date.now() - started).toBeLessThan(1_000);
    });
  });

  describe('when the asset resolves during the call', () => {
    it('should resolve with the event as it is published', async () => {
      const data = await trackedJob(queue, 'asset-during');
      const waiting = waitForAsset(connection, location, 'asset-during', { timeoutMs: 5_000 });

      await sleep(200);
      const id = await resolveTracking(queue, publisher, data);

      expect(await waiting).toMatchObject({ id, event: { trackingId: data.trackingId } });
    });

    it('should skip the events of other assets and earlier trackings', async () => {
      const old = await trackedJob(queue, 'asset-twice');
      await resolveTracking(queue, publisher, old);
      const current = await trackedJob(queue, 'asset-twice');
      const other = await trackedJob(queue, 'asset-other');
      const waiting = waitForAsset(connection, location, 'asset-twice', {
        timeoutMs: 5_000,
        trackingId: current.trackingId,
      });

      await sleep(100);
      await resolveTracking(queue, publisher, other);
      await resolveTracking(queue, publisher, current, 'asset.timed_out');

      expect((await waiting).event).toMatchObject({
        type: 'asset.timed_out',
        trackingId: current.trackingId,
      });
    });
  });

  describe('when publication and the call race', () => {
    it('should catch an event published right after its registry read', async () => {
      const data = await trackedJob(queue, 'asset-gap');
      const hooked = afterRegistryRead(new Redis(redis.url), async () => {
        await resolveTracking(queue, publisher, data);
      });

      const delivered = await waitForAsset(hooked, location, 'asset-gap', { timeoutMs: 2_000 });
      hooked.disconnect();

      expect(delivered.event.trackingId).toBe(data.trackingId);
    });

    it('should never miss the event, whichever comes first', async () => {
      // Publication lands before, inside and after each wait's first steps.
      const rounds = Array.from({ length: 40 }, (_, index) => `asset-race-${index}`);
      const outcomes = await Promise.all(
        rounds.map(async (assetId, index) => {
          const data = await trackedJob(queue, assetId);
          const waiting = waitForAsset(connection, location, assetId, { timeoutMs: 5_000 });
          await sleep(index % 10);
          await resolveTracking(queue, publisher, data);
          return (await waiting).event.assetId;
        }),
      );

      expect(outcomes).toEqual(rounds);
    });
  });

  describe('when the asset never resolves', () => {
    it('should reject with a typed timeout error after the time given', async () => {
      await trackedJob(queue, 'asset-stuck');
      const started = Date.now();

      const error = await waitForAsset(connection, location, 'asset-stuck', {
        timeoutMs: 300,
        blockMs: 100,
      }).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(AssetWaitTimeoutError);
      expect(error).toMatchObject({ assetId: 'asset-stuck', timeoutMs: 300 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(Date.now() - started).toBeLessThan(1_500);
    });
  });

  describe('when Redis is away and the connection retries forever', () => {
    it('should still give up at the timeout', async () => {
      await redis.stop();
      const started = Date.now();

      const error = await waitForAsset(connection, location, 'asset-offline', {
        timeoutMs: 500,
      }).catch((caught: unknown) => caught);
      await redis.start();

      expect(error).toBeInstanceOf(AssetWaitTimeoutError);
      expect(Date.now() - started).toBeLessThan(1_500);
    });
  });

  describe('when the signal aborts', () => {
    it('should reject with the signal reason at once', async () => {
      await trackedJob(queue, 'asset-abort');
      const stop = new AbortController();
      const waiting = waitForAsset(connection, location, 'asset-abort', {
        timeoutMs: 10_000,
        signal: stop.signal,
      });
      const reason = new Error('no longer needed');

      await sleep(100);
      const started = Date.now();
      stop.abort(reason);

      await expect(waiting).rejects.toBe(reason);
      expect(Date.now() - started).toBeLessThan(500);
    });

    it('should reject at once when already aborted', async () => {
      await expect(
        waitForAsset(connection, location, 'asset-x', { signal: AbortSignal.abort('gone') }),
      ).rejects.toBe('gone');
    });
  });
});

describe('waitForAssets', () => {
  describe('when some assets resolve before, some during and some never', () => {
    it('should report each event once and the rest as pending', async () => {
      const before = await trackedJob(queue, 'asset-before');
      await resolveTracking(queue, publisher, before);
      const during = await trackedJob(queue, 'asset-during');
      await trackedJob(queue, 'asset-never');
      const seen: string[] = [];

      const waiting = waitForAssets(
        connection,
        location,
        ['asset-before', { assetId: 'asset-during', trackingId: during.trackingId }, 'asset-never'],
        { timeoutMs: 800, blockMs: 100, onEvent: ({ event }) => seen.push(event.assetId) },
      );
      await sleep(100);
      await resolveTracking(queue, publisher, during, 'asset.failed');
      const result = await waiting;

      expect(seen).toEqual(['asset-before', 'asset-during']);
      expect([...result.events.keys()]).toEqual(['asset-before', 'asset-during']);
      expect(result.events.get('asset-during')?.event.type).toBe('asset.failed');
      expect(result.pending).toEqual(['asset-never']);
    });
  });
});
