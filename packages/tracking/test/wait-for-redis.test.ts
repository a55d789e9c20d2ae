import { startTestRedis, type TestRedis } from '@crun/test-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createRedisConnection, waitForRedis } from '../src/index.js';

describe('waitForRedis', () => {
  let redis: TestRedis;

  beforeAll(async () => {
    redis = await startTestRedis({ password: 'right-horse-battery' });
  });

  afterAll(async () => {
    await redis.close();
  });

  function urlWithPassword(password: string): string {
    const url = new URL(redis.url);
    url.password = password;
    return url.toString();
  }

  it('should resolve once Redis answers to the right credentials', async () => {
    const url = urlWithPassword('right-horse-battery');
    const client = createRedisConnection(url, 'client');

    await expect(waitForRedis(client, url, 5_000)).resolves.toBeUndefined();
    client.disconnect();
  });

  it('should say at once that a wrong password was refused, without the password', async () => {
    const url = urlWithPassword('wrong-staple-42');
    const client = createRedisConnection(url, 'worker');
    client.on('error', () => {});
    const startedAt = Date.now();

    const error = await waitForRedis(client, url, 10_000).catch((caught: Error) => caught);
    client.disconnect();

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/refused the login \(WRONGPASS/);
    expect((error as Error).message).not.toContain('wrong-staple-42');
    expect(Date.now() - startedAt).toBeLessThan(3_000);
  });
});
