import { Worker } from 'bullmq';
import { describe, expect, it } from 'vitest';

import { applyRetryPolicy, jobKey, UNEXPECTED_ERROR_RETRY } from '../src/index.js';
import { trackedJob } from './helpers/fixtures.js';
import { useTrackingSuite } from './helpers/tracking-suite.js';

const suite = useTrackingSuite('retry');

describe('applyRetryPolicy', () => {
  describe('when a job stored without attempts throws unexpectedly in a worker that applies it', () => {
    it('should be retried after a backoff instead of failing', async () => {
      const data = await trackedJob(suite.queue, 'asset-blip');
      const key = jobKey(suite.location, data.assetId);
      const worker = new Worker(
        suite.location.queueName,
        async (job) => {
          applyRetryPolicy(job);
          throw new Error('a Redis blip');
        },
        { connection: suite.connection.duplicate(), prefix: suite.location.prefix },
      );

      try {
        await expect.poll(() => suite.connection.hget(key, 'atm')).toBe('1');
        const job = await suite.queue.getJob(data.assetId);

        expect(await job?.getState()).toBe('delayed');
        expect(job?.delay).toBe(UNEXPECTED_ERROR_RETRY.backoff.delay);
        expect(job?.finishedOn).toBeUndefined();
        expect(JSON.parse((await suite.connection.hget(key, 'opts')) ?? '{}')).not.toHaveProperty(
          'backoff',
        );
      } finally {
        await worker.close();
      }
    });
  });
});
