import { startTestRedis, type TestRedis } from '@crun/test-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ASSET_EVENT_SCHEMA,
  createRedisConnection,
  type DeliveredAssetEvent,
  EventPublisher,
  openTrackingQueue,
  readAssetEvents,
  trackingJob,
} from '../src/index.js';

const location = { prefix: 'test', queueName: 'reader-outage' };
let redis: TestRedis;

beforeAll(async () => {
  redis = await startTestRedis();
});

afterAll(() => redis.close());

async function publishReady(assetId: string): Promise<void> {
  const connection = createRedisConnection(redis.url, 'worker');
  const queue = openTrackingQueue(connection, location);
  const data = { assetId, trackingId: 't', firstSeenAt: 0, polls: 0, retries: 0 };
  const { name, data: stored, opts } = trackingJob(data);
  await queue.add(name, stored, opts);
  await new EventPublisher(connection, location, 1000).publish({
    schema: ASSET_EVENT_SCHEMA,
    type: 'asset.ready',
    assetId,
    status: 'Active',
    asset: null,
    polls: 1,
    firstSeenAt: new Date().toISOString(),
    resolvedAt: new Date().toISOString(),
    reason: null,
    metadata: null,
    trackingId: 't',
  });
  await queue.close();
  connection.disconnect();
}

describe('readAssetEvents across a Redis restart', () => {
  it('should reconnect and go on delivering, missing nothing', async () => {
    const reader = createRedisConnection(redis.url, 'worker');
    reader.on('error', () => {});
    const stop = new AbortController();
    const seen: DeliveredAssetEvent[] = [];
    const reading = (async () => {
      for await (const delivered of readAssetEvents(reader, location, {
        from: '0',
        signal: stop.signal,
        blockMs: 500,
      })) {
        seen.push(delivered);
      }
    })();

    await publishReady('asset-before');
    await expect.poll(() => seen.length).toBe(1);
    await redis.restart();
    await publishReady('asset-after');
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(2);
    stop.abort();
    await reading;
    reader.disconnect();

    expect(seen.map(({ event }) => event.assetId)).toEqual(['asset-before', 'asset-after']);
  });
});
