import { startTestRedis, type TestRedis } from '@crun/test-redis';
import {
  jobKey,
  parseTrackingJob,
  type TrackingJobData,
  type TrackingLocation,
} from '@crun/tracking';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { AssetProducer, MAX_METADATA_BYTES, RedisUnavailableError } from '../src/index.js';

let redis: TestRedis;
let inspector: Redis;
let location: TrackingLocation;
let producer: AssetProducer;

beforeAll(async () => {
  redis = await startTestRedis();
  inspector = new Redis(redis.url);
});

afterAll(async () => {
  inspector.disconnect();
  await redis.close();
});

beforeEach(() => {
  location = { prefix: 'test', queueName: `producer-${Math.random().toString(36).slice(2)}` };
  producer = new AssetProducer({ redisUrl: redis.url, location });
});

afterEach(async () => {
  await producer.close();
});

/** The job's data as the worker will read it. */
async function jobData(assetId: string): Promise<TrackingJobData | null> {
  const data = await inspector.hget(jobKey(location, assetId), 'data');
  return data === null ? null : parseTrackingJob(assetId, data, null);
}

describe('AssetProducer.enqueue', () => {
  describe('when given valid and invalid items together', () => {
    it('should queue the valid ones and reject each invalid one with its reason', async () => {
      const report = await producer.enqueue([
        'asset-20260420153000-ab12c',
        '',
        'has space',
        { assetId: 'asset-with-meta', metadata: { pipeline: 'p1', attempt: 2 } },
        { assetId: 'asset-bad-meta', metadata: ['not', 'an', 'object'] as never },
        { assetId: 'asset-big-meta', metadata: { blob: 'x'.repeat(MAX_METADATA_BYTES) } },
        42 as never,
        'asset-last',
        'wait',
      ]);

      expect(report.results.map((result) => result.outcome)).toEqual([
        'queued',
        'rejected',
        'rejected',
        'queued',
        'rejected',
        'rejected',
        'rejected',
        'queued',
        'rejected',
      ]);
      expect(report).toMatchObject({ queued: 3, alreadyTracked: 0, rejected: 6 });
      expect(report.results[8]).toMatchObject({ reason: expect.stringContaining('reserved') });
      expect(report.results[1]).toMatchObject({ reason: 'an asset ID must not be empty' });
      expect(report.results[2]).toMatchObject({
        reason: expect.stringContaining('start with a letter'),
      });
      expect(report.results[4]).toMatchObject({ reason: 'metadata must be a JSON object' });
      expect(report.results[5]).toMatchObject({
        reason: expect.stringContaining('the limit is 4096'),
      });
      expect(await jobData('asset-with-meta')).toMatchObject({
        assetId: 'asset-with-meta',
        polls: 0,
        metadata: { pipeline: 'p1', attempt: 2 },
      });
      expect(await jobData('asset-bad-meta')).toBeNull();
    });
  });

  describe('when an asset is already in flight', () => {
    it('should report a no-op and keep the running tracking', async () => {
      const first = await producer.enqueue(['asset-dup']);
      const again = await producer.enqueue([{ assetId: 'asset-dup', metadata: { late: true } }]);

      expect(first.results[0]).toMatchObject({ outcome: 'queued' });
      expect(again.results[0]).toMatchObject({
        outcome: 'already-tracked',
        trackingId: (first.results[0] as { trackingId: string }).trackingId,
      });
      expect(await jobData('asset-dup')).not.toHaveProperty('metadata');
    });

    it('should treat a repeat within one batch the same way', async () => {
      const report = await producer.enqueue(['asset-twice', 'asset-twice']);

      expect(report.results.map((result) => result.outcome)).toEqual(['queued', 'already-tracked']);
    });
  });

  describe('when several producers enqueue the same assets at once', () => {
    it('should report each asset queued exactly once', async () => {
      const others = Array.from(
        { length: 4 },
        () => new AssetProducer({ redisUrl: redis.url, location }),
      );
      const ids = Array.from({ length: 200 }, (_, index) => `asset-race-${index}`);

      const reports = await Promise.all([producer, ...others].map((each) => each.enqueue(ids)));
      await Promise.all(others.map((each) => each.close()));

      const queuedPerId = new Map<string, number>();
      for (const result of reports.flatMap((report) => report.results)) {
        if (result.outcome === 'queued') {
          queuedPerId.set(result.assetId, (queuedPerId.get(result.assetId) ?? 0) + 1);
        }
      }
      expect(queuedPerId.size).toBe(200);
      expect([...queuedPerId.values()].every((count) => count === 1)).toBe(true);
    });
  });

  describe('when the tracking of an asset has ended', () => {
    it('should start a new tracking after a completed one', async () => {
      const first = await producer.enqueue(['asset-again']);
      await inspector.del(jobKey(location, 'asset-again'));

      const second = await producer.enqueue(['asset-again']);

      expect(second.results[0]).toMatchObject({ outcome: 'queued' });
      expect(second.results[0]).not.toMatchObject({
        trackingId: (first.results[0] as { trackingId: string }).trackingId,
      });
    });

    it('should replace a failed job kept for inspection with a new tracking', async () => {
      await producer.enqueue(['asset-failed']);
      await inspector.hset(jobKey(location, 'asset-failed'), 'finishedOn', Date.now());

      const again = await producer.enqueue(['asset-failed']);

      expect(again.results[0]).toMatchObject({ outcome: 'queued' });
      expect(await inspector.hget(jobKey(location, 'asset-failed'), 'finishedOn')).toBeNull();
    });
  });

  describe('when Redis is unreachable', () => {
    it('should fail fast with a retryable RedisUnavailableError', async () => {
      const offline = new AssetProducer({ redisUrl: 'redis://127.0.0.1:1', location });

      const error = await offline.enqueue(['asset-x']).catch((caught: unknown) => caught);
      await offline.close();

      expect(error).toBeInstanceOf(RedisUnavailableError);
      expect(error).toMatchObject({ retryable: true });
      expect((error as Error).message).toMatch(/nothing was enqueued/);
    });
  });
});
