import { jobKey } from '@crun/tracking';
import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { Harness } from './helpers/harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await Harness.start();
});

afterEach(() => harness.closeWorkers());

afterAll(() => harness.close());

/** Redis's default `hash-max-listpack-value`: one longer value and the hash takes ~2× the memory. */
const LISTPACK_VALUE_MAX = 64;

describe('the job hash of an asset in flight', () => {
  describe('when the asset has been read more often than its timeline holds', () => {
    it('should keep every value within 64 bytes, so Redis keeps the hash compact', async () => {
      const location = harness.newLocation();
      const assetId = harness.simulator.addAsset({ processingMs: 3_600_000 });
      await harness.startWorker(location, {
        policy: {
          poll: { initialDelayMs: 20, factor: 1, maxDelayMs: 20, jitter: 0 },
          retry: { initialDelayMs: 20, factor: 1, maxDelayMs: 20, jitter: 0 },
          deadlineMs: 60_000,
        },
      });

      await harness.producer(location).enqueue([assetId]);
      await expect
        .poll(async () => (await harness.producer(location).state(assetId))?.polls, {
          timeout: 5_000,
        })
        .toBeGreaterThanOrEqual(10);
      const key = jobKey(location, assetId);
      const hash = await harness.inspector.hgetall(key);
      const longest = Math.max(...Object.values(hash).map((value) => Buffer.byteLength(value)));

      expect(await harness.inspector.object('ENCODING', key)).toBe('listpack');
      expect(longest).toBeLessThanOrEqual(LISTPACK_VALUE_MAX);
      expect((await harness.producer(location).timeline(assetId))?.entries.length).toBeGreaterThan(
        3,
      );
      await harness.producer(location).cancel(assetId);
    });
  });
});

describe('a job stored by an earlier version, with readable JSON data and options', () => {
  it('should be tracked to its event, with its metadata and earlier reads', async () => {
    const location = harness.newLocation();
    const assetId = harness.simulator.addAsset({ processingMs: 0 });
    const queue = new Queue(location.queueName, {
      connection: harness.inspector.duplicate(),
      prefix: location.prefix,
    });
    await queue.add(
      'track',
      {
        assetId,
        trackingId: 'earlier-tracking',
        firstSeenAt: Date.now() - 10_000,
        polls: 2,
        retries: 0,
        metadata: { batch: 'old' },
        timeline: '0,P,5,b 5,P,5,b',
      },
      { jobId: assetId, attempts: 8, backoff: { type: 'exponential', delay: 1_000 } },
    );
    await queue.close();

    await harness.startWorker(location);
    const [delivered] = await harness.waitForEvents(location, 1);

    expect(delivered?.event).toMatchObject({
      type: 'asset.ready',
      assetId,
      trackingId: 'earlier-tracking',
      polls: 3,
      metadata: { batch: 'old' },
    });
    expect(delivered?.event.timeline?.slice(0, 2)).toEqual([
      [0, 'Processing', 5, 'backoff'],
      [5, 'Processing', 5, 'backoff'],
    ]);
    expect((await harness.jobsLeft(location)).failed).toBe(0);
  });
});
