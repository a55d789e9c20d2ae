import { startTestRedis, type TestRedis } from '@crun/test-redis';
import { EventPublisher } from '@crun/tracking';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AssetProducer, createIntakeServer } from '../src/index.js';
import { terminalEvent } from './helpers/events.js';
import { errorOf, type RunningIntake, startIntake, TOKEN } from './helpers/intake.js';

let redis: TestRedis;
let intake: RunningIntake;

beforeAll(async () => {
  redis = await startTestRedis();
  intake = await startIntake(redis.url, { maxItems: 5, bodyLimitBytes: 16_384 });
});

afterAll(async () => {
  await intake.close();
  await redis.close();
});

describe('authentication', () => {
  it.each([
    ['no token', null],
    ['a wrong token', 'intake-test-token-0f9e8d7c6b5b'],
    ['a prefix of the token', TOKEN.slice(0, 10)],
  ])('should answer 401 to a request with %s, before reading its body', async (_, token) => {
    const response = await intake.call('POST', '/v1/assets', '{not json', token);

    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await errorOf(response)).toEqual({
      status: 401,
      error: 'unauthorized',
      message: 'missing or wrong bearer token',
    });
  });

  it('should never write the token to the log', async () => {
    await intake.call('GET', '/v1/assets/asset-logged');
    await intake.call('GET', '/v1/assets/asset-logged', undefined, 'wrong-token-value');

    expect(intake.logLines.length).toBeGreaterThan(0);
    expect(intake.logLines.join('\n')).not.toMatch(/intake-test-token|wrong-token-value/);
  });

  it('should refuse to build a server without a token', () => {
    const producer = new AssetProducer({ redisUrl: redis.url });
    expect(() => createIntakeServer({ token: '', producer })).toThrow(/token is required/);
    expect(() => createIntakeServer({ token: '  ', producer })).toThrow(/token is required/);
    void producer.close();
  });
});

describe('GET /v1/assets/:assetId', () => {
  describe('when the asset is unknown', () => {
    it('should answer 404', async () => {
      expect((await errorOf(await intake.call('GET', '/v1/assets/asset-nobody'))).status).toBe(404);
    });
  });

  describe('when the ID is as long as IDs may be', () => {
    it('should still reach the route', async () => {
      const response = await intake.call('GET', `/v1/assets/a${'b'.repeat(127)}`);

      expect(await errorOf(response)).toMatchObject({ status: 404, message: /neither in flight/ });
    });
  });

  describe('when the ID is invalid', () => {
    it('should answer 400', async () => {
      expect(await errorOf(await intake.call('GET', '/v1/assets/9lives'))).toMatchObject({
        status: 400,
        message: expect.stringMatching(/^assetId: /),
      });
    });
  });

  describe('when the asset is in flight, then finished', () => {
    it('should answer its tracking, then its event', async () => {
      await intake.call('POST', '/v1/assets', {
        assets: [{ assetId: 'asset-life', metadata: { n: 1 } }],
      });
      const tracking = (await (await intake.call('GET', '/v1/assets/asset-life')).json()) as {
        trackingId: string;
      };
      const connection = new Redis(redis.url);
      const publisher = new EventPublisher(connection, intake.location, 100);
      await publisher.publish(
        terminalEvent('asset-life', tracking.trackingId, 'asset.ready', { n: 1 }),
      );

      const finished = await (await intake.call('GET', '/v1/assets/asset-life')).json();
      const listed = await (await intake.call('GET', '/v1/assets?status=ready&limit=10')).json();
      connection.disconnect();

      expect(tracking).toMatchObject({
        status: 'tracking',
        queueState: 'waiting',
        metadata: { n: 1 },
      });
      expect(finished).toMatchObject({ status: 'ready', event: { type: 'asset.ready' } });
      expect(listed).toMatchObject({ total: 1, items: [{ assetId: 'asset-life' }] });
    });
  });

  it('should answer 400 for an unknown status in a listing', async () => {
    expect(await errorOf(await intake.call('GET', '/v1/assets?status=done'))).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^status: must be one of tracking, ready/),
    });
  });
});

describe('when Redis is down', () => {
  it('should answer 503 with Retry-After, then recover', async () => {
    await redis.stop();
    try {
      const enqueue = await intake.call('POST', '/v1/assets', { assets: ['asset-outage'] });
      const read = await intake.call('GET', '/v1/assets/asset-outage');
      const health = await intake.call('GET', '/healthz', undefined, null);

      for (const response of [enqueue, read, health]) {
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('5');
      }
      expect(await errorOf(enqueue)).toMatchObject({ error: 'redis_unavailable' });
    } finally {
      await redis.start();
    }

    await expect
      .poll(async () => (await intake.call('GET', '/healthz', undefined, null)).status, {
        timeout: 10_000,
      })
      .toBe(200);
  });
});
