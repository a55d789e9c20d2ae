import { startTestRedis, type TestRedis } from '@crun/test-redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';

/** A Redis of the test file's own, and one connection to it. */
export interface SuiteRedis {
  redis: TestRedis;
  connection: Redis;
}

/**
 * Registers the hooks that start a Redis before the file's tests and stop it
 * after them. Returns the object the hooks fill in, for the caller's own
 * hooks to add to.
 */
export function useSuiteRedis<Suite extends SuiteRedis>(): Suite {
  const suite = {} as Suite;

  beforeAll(async () => {
    suite.redis = await startTestRedis();
    suite.connection = new Redis(suite.redis.url, { maxRetriesPerRequest: null });
  });

  afterAll(async () => {
    suite.connection.disconnect();
    await suite.redis.close();
  });

  return suite;
}
