import { startTestRedis, type TestRedis } from '@crun/test-redis';
import {
  EventPublisher,
  openTrackingQueue,
  type TrackingJobData,
  trackingJob,
} from '@crun/tracking';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { terminalEvent } from './helpers/events.js';
import { errorOf, type RunningIntake, startIntake } from './helpers/intake.js';

let redis: TestRedis;
let connection: Redis;
let intake: RunningIntake;

beforeAll(async () => {
  redis = await startTestRedis();
  connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  intake = await startIntake(redis.url);
});

afterAll(async () => {
  await intake.close();
  connection.disconnect();
  await redis.close();
});

/** Adds a tracking job as the producer would, parked for `delayMs`, with `changes` to its data. */
async function parkedJob(assetId: string, delayMs: number, changes: Partial<TrackingJobData> = {}) {
  const queue = openTrackingQueue(connection, intake.location);
  const data: TrackingJobData = {
    assetId,
    trackingId: `tracking-${assetId}`,
    firstSeenAt: Date.now(),
    polls: 0,
    retries: 0,
    ...changes,
  };
  const { name, data: stored, opts } = trackingJob(data);
  const job = await queue.add(name, stored, { ...opts, delay: delayMs });
  if (data.timeline) {
    await job.updateProgress(data.timeline);
  }

  await queue.close();
  return data;
}

async function json(
  response: Response,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('DELETE /v1/assets/:assetId', () => {
  describe('when the asset is in flight', () => {
    it('should cancel it once, then answer 404', async () => {
      await intake.call('POST', '/v1/assets', { assets: ['asset-to-cancel'] });

      const first = await json(
        await intake.call('DELETE', '/v1/assets/asset-to-cancel?reason=duplicate%20upload'),
      );
      const again = await errorOf(await intake.call('DELETE', '/v1/assets/asset-to-cancel'));
      const state = await json(await intake.call('GET', '/v1/assets/asset-to-cancel'));

      expect(first).toMatchObject({
        status: 200,
        body: { outcome: 'cancelled', assetId: 'asset-to-cancel', jobRemoved: true },
      });
      expect(again.status).toBe(404);
      expect(state.body).toMatchObject({
        status: 'cancelled',
        event: { type: 'asset.cancelled', reason: 'duplicate upload' },
      });
    });
  });

  describe('when its tracking published its event first', () => {
    it('should answer 409 with that event', async () => {
      const data = await parkedJob('asset-just-done', 60_000);
      const publisher = new EventPublisher(connection, intake.location, 100);
      const eventId = await publisher.publish(
        terminalEvent('asset-just-done', data.trackingId, 'asset.ready'),
      );

      const answer = await json(await intake.call('DELETE', '/v1/assets/asset-just-done'));

      expect(answer).toMatchObject({ status: 409, body: { error: 'already_ended', eventId } });
    });
  });

  it('should answer 400 for an ID that cannot be tracked, and 401 without the token', async () => {
    expect((await errorOf(await intake.call('DELETE', '/v1/assets/9lives'))).status).toBe(400);
    expect((await intake.call('DELETE', '/v1/assets/asset-x', undefined, null)).status).toBe(401);
  });
});

describe('POST /v1/assets/:assetId/check-now', () => {
  it('should promote a parked asset, and change nothing for a waiting one', async () => {
    await parkedJob('asset-parked', 3_600_000);
    await intake.call('POST', '/v1/assets', { assets: ['asset-due'] });

    const parked = await json(await intake.call('POST', '/v1/assets/asset-parked/check-now'));
    const due = await json(await intake.call('POST', '/v1/assets/asset-due/check-now'));
    const state = await json(await intake.call('GET', '/v1/assets/asset-parked'));
    const unknown = await errorOf(await intake.call('POST', '/v1/assets/asset-none/check-now'));

    expect(parked).toEqual({ status: 200, body: { outcome: 'promoted', assetId: 'asset-parked' } });
    expect(due).toEqual({
      status: 200,
      body: { outcome: 'already-due', assetId: 'asset-due', queueState: 'waiting' },
    });
    expect(state.body).toMatchObject({ status: 'tracking', queueState: 'waiting' });
    expect(unknown.status).toBe(404);
  });
});

describe('GET /v1/assets/:assetId/timeline', () => {
  it("should answer the asset's last reads, readably, and 404 when unknown", async () => {
    const data = await parkedJob('asset-read', 60_000, {
      polls: 2,
      timeline: '0,P,5.2,b 5.2,500,1,f 6.3,P,10,b',
    });

    const answer = await json(await intake.call('GET', '/v1/assets/asset-read/timeline'));
    const unknown = await errorOf(await intake.call('GET', '/v1/assets/asset-nobody/timeline'));

    expect(answer).toEqual({
      status: 200,
      body: {
        assetId: 'asset-read',
        trackingId: data.trackingId,
        status: 'tracking',
        firstSeenAt: new Date(data.firstSeenAt).toISOString(),
        entries: [
          [0, 'Processing', 5.2, 'backoff'],
          [5.2, 'code 500', 1, 'fault'],
          [6.3, 'Processing', 10, 'backoff'],
        ],
      },
    });
    expect(unknown.status).toBe(404);
  });
});

describe('POST /v1/assets by a second pipeline', () => {
  it('should report that its metadata joined the running tracking', async () => {
    await intake.call('POST', '/v1/assets', {
      assets: [{ assetId: 'asset-shared', metadata: { a: 1 } }],
    });

    const second = await json(
      await intake.call('POST', '/v1/assets', {
        assets: [{ assetId: 'asset-shared', metadata: { b: 2 } }, 'asset-shared'],
      }),
    );
    const state = await json(await intake.call('GET', '/v1/assets/asset-shared'));

    expect(second.body.results).toEqual([
      expect.objectContaining({ outcome: 'already-tracked', metadataOutcome: 'merged' }),
      expect.not.objectContaining({ metadataOutcome: expect.anything() }),
    ]);
    expect(state.body).toMatchObject({ metadata: { a: 1 }, metadataList: [{ a: 1 }, { b: 2 }] });
  });
});
