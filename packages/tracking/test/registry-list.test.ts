import { describe, expect, it } from 'vitest';

import {
  assetIndexKey,
  assetRecordKey,
  EventPublisher,
  getAssetState,
  listAssets,
} from '../src/index.js';
import { resolveTracking, sleep, trackedJob } from './helpers/fixtures.js';
import { useTrackingSuite } from './helpers/tracking-suite.js';

const suite = useTrackingSuite('registry');

describe('listAssets', () => {
  describe('when listing an outcome', () => {
    it('should page through it newest first', async () => {
      const now = Date.now();
      for (let index = 0; index < 5; index += 1) {
        const data = await trackedJob(suite.queue, `asset-ready-${index}`);
        await resolveTracking(
          suite.queue,
          suite.publisher,
          data,
          'asset.ready',
          now - 5000 + index * 1000,
        );
      }
      const failed = await trackedJob(suite.queue, 'asset-failed-0');
      await resolveTracking(suite.queue, suite.publisher, failed, 'asset.failed');

      const first = await listAssets(suite.connection, suite.location, {
        status: 'ready',
        limit: 2,
      });
      const last = await listAssets(suite.connection, suite.location, {
        status: 'ready',
        limit: 2,
        offset: 4,
      });

      expect(first.items.map((item) => item.assetId)).toEqual(['asset-ready-4', 'asset-ready-3']);
      expect(first).toMatchObject({ total: 5, nextOffset: 2 });
      expect(last.items.map((item) => item.assetId)).toEqual(['asset-ready-0']);
      expect(last.nextOffset).toBeNull();
      expect((await listAssets(suite.connection, suite.location, { status: 'failed' })).total).toBe(
        1,
      );
    });
  });

  describe('when an asset ends differently in a later tracking', () => {
    it('should list it under its last outcome only', async () => {
      const first = await trackedJob(suite.queue, 'asset-flip');
      await resolveTracking(suite.queue, suite.publisher, first, 'asset.not_found');
      const second = await trackedJob(suite.queue, 'asset-flip');
      await resolveTracking(suite.queue, suite.publisher, second, 'asset.ready');

      expect(
        (await listAssets(suite.connection, suite.location, { status: 'not_found' })).total,
      ).toBe(0);
      expect(
        (await listAssets(suite.connection, suite.location, { status: 'ready' })).items,
      ).toEqual([
        expect.objectContaining({ assetId: 'asset-flip', trackingId: second.trackingId }),
      ]);
    });
  });

  describe('when listing assets in flight', () => {
    it('should walk the waiting jobs, then the delayed ones', async () => {
      await trackedJob(suite.queue, 'asset-w1');
      await trackedJob(suite.queue, 'asset-d1', {}, 60_000);
      await trackedJob(suite.queue, 'asset-w2');

      const page = await listAssets(suite.connection, suite.location, {
        status: 'tracking',
        limit: 10,
      });

      expect(page.total).toBe(3);
      expect(page.items.map((item) => item.assetId).sort()).toEqual([
        'asset-d1',
        'asset-w1',
        'asset-w2',
      ]);
      expect(page.items.at(-1)).toMatchObject({ assetId: 'asset-d1', queueState: 'delayed' });
      expect(page.nextOffset).toBeNull();
    });
  });

  it('should refuse a limit out of range', async () => {
    await expect(
      listAssets(suite.connection, suite.location, { status: 'ready', limit: 0 }),
    ).rejects.toThrow(/limit/);
  });
});

describe('registry retention', () => {
  describe('when records are older than the retention', () => {
    it('should expire them and drop them from the listings on the next write', async () => {
      const short = new EventPublisher(suite.connection, suite.location, 1000, {
        registryRetentionMs: 500,
      });
      const old = await trackedJob(suite.queue, 'asset-old');
      await resolveTracking(suite.queue, short, old, 'asset.ready', Date.now() - 10_000);
      expect(
        await suite.connection.pttl(assetRecordKey(suite.location, 'asset-old')),
      ).toBeLessThanOrEqual(500);

      const fresh = await trackedJob(suite.queue, 'asset-fresh');
      await resolveTracking(suite.queue, short, fresh, 'asset.ready');
      await sleep(600);

      expect(await suite.connection.zrange(assetIndexKey(suite.location, 'ready'), 0, -1)).toEqual([
        'asset-fresh',
      ]);
      expect(await getAssetState(suite.connection, suite.location, 'asset-old')).toBeNull();
      expect(await getAssetState(suite.connection, suite.location, 'asset-fresh')).toBeNull();
      expect(
        (await listAssets(suite.connection, suite.location, { status: 'ready' })).items,
      ).toEqual([]);
    });
  });

  it('should refuse a retention that is not a positive integer', () => {
    expect(
      () => new EventPublisher(suite.connection, suite.location, 1000, { registryRetentionMs: 0 }),
    ).toThrow(/registryRetentionMs/);
  });
});
