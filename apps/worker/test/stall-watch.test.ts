import { startTestRedis, type TestRedis } from '@crun/test-redis';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../src/logger.js';
import { watchForStalls } from '../src/stall-watch.js';
import { sleep } from './helpers/harness.js';

const STALL_MS = 200;

describe('watchForStalls', () => {
  let redis: TestRedis;
  let connection: Redis;

  beforeAll(async () => {
    redis = await startTestRedis();
    connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  });

  afterAll(async () => {
    connection.disconnect();
    await redis.close();
  });

  /** A queue holding one job due `dueAgoMs` ago (or none), watched for `STALL_MS × 3`. */
  async function restartsWith(options: {
    dueAgoMs?: number;
    heldBack?: boolean;
    active?: boolean;
  }) {
    const queue = new Queue(`stall-${Math.random().toString(36).slice(2)}`, { connection });
    if (options.dueAgoMs !== undefined) {
      // Parked as the worker parks jobs: due long ago, never picked up.
      const job = await queue.add('track', {}, { delay: 60_000 });
      await connection.zadd(
        queue.toKey('delayed'),
        (Date.now() - options.dueAgoMs) * 0x1000,
        job.id as string,
      );
    }

    let restarts = 0;
    const watch = watchForStalls(
      {
        queue,
        redis: connection,
        lastStartedAt: () => (options.active ? Date.now() : 0),
        holdsBack: async () => options.heldBack ?? false,
        async restart() {
          restarts += 1;
        },
      },
      STALL_MS,
      createLogger('stall-test', 'silent'),
    );
    await sleep(STALL_MS * 3);
    watch.stop();
    await queue.obliterate({ force: true });
    await queue.close();
    return restarts;
  }

  it('should restart a partition whose due work waits while no check starts', async () => {
    expect(await restartsWith({ dueAgoMs: 5_000 })).toBeGreaterThan(0);
  });

  it('should leave alone a partition with nothing due yet', async () => {
    expect(await restartsWith({})).toBe(0);
    expect(await restartsWith({ dueAgoMs: -60_000 })).toBe(0);
  });

  it('should leave alone a partition that starts checks, or that the fleet holds back', async () => {
    expect(await restartsWith({ dueAgoMs: 5_000, active: true })).toBe(0);
    expect(await restartsWith({ dueAgoMs: 5_000, heldBack: true })).toBe(0);
  });
});
