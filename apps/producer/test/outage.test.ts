import { startTestRedis, type TestRedis } from '@crun/test-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AssetProducer, RedisUnavailableError } from '../src/index.js';

let redis: TestRedis;
let producer: AssetProducer;

beforeAll(async () => {
  redis = await startTestRedis();
  producer = new AssetProducer({
    redisUrl: redis.url,
    location: { prefix: 'test', queueName: 'outage' },
  });
});

afterAll(async () => {
  await producer.close();
  await redis.close();
});

describe('AssetProducer during a Redis outage', () => {
  it('should fail fast with a retryable error, then work again once Redis is back', async () => {
    await producer.enqueue(['asset-before']);
    await redis.stop();

    const startedAt = Date.now();
    const error = await producer.enqueue(['asset-during']).catch((caught: unknown) => caught);
    const failedAfterMs = Date.now() - startedAt;
    await redis.start();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = await producer.enqueue(['asset-during', 'asset-before']);

    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect(failedAfterMs).toBeLessThan(5_000);
    expect(after.results.map((result) => result.outcome)).toEqual(['queued', 'already-tracked']);
  });
});
