import { describe, expect, it } from 'vitest';

import {
  type AssetNotice,
  getAssetState,
  jobKey,
  mergeMetadata,
  readAssetEvents,
} from '../src/index.js';
import { eventFor, resolveTracking, trackedJob } from './helpers/fixtures.js';
import { useTrackingSuite } from './helpers/tracking-suite.js';

const suite = useTrackingSuite('notices');

/** The types of the first `count` entries a reader delivers. */
async function firstTypes(count: number, notices: boolean): Promise<string[]> {
  const from = { from: '0' };
  const read = notices
    ? readAssetEvents(suite.connection, suite.location, { ...from, notices: true })
    : readAssetEvents(suite.connection, suite.location, from);
  const types: string[] = [];
  for await (const { event } of read) {
    types.push(event.type);
    if (types.length === count) {
      break;
    }
  }

  return types;
}

describe('notices', () => {
  describe('when the stream holds an outcome and a notice', () => {
    it('should give readers the notice only when they ask for it', async () => {
      const first = await trackedJob(suite.queue, 'asset-one');
      await resolveTracking(suite.queue, suite.publisher, first);
      const second = await trackedJob(suite.queue, 'asset-two');
      const cancelled: AssetNotice = { ...eventFor(second), type: 'asset.cancelled', status: null };
      await suite.publisher.publish(cancelled);
      await resolveTracking(
        suite.queue,
        suite.publisher,
        await trackedJob(suite.queue, 'asset-three'),
      );

      expect(await firstTypes(2, false)).toEqual(['asset.ready', 'asset.ready']);
      expect(await firstTypes(3, true)).toEqual(['asset.ready', 'asset.cancelled', 'asset.ready']);
    });
  });

  describe('when a sweep finding is published', () => {
    it('should publish once, only while the record is still the event it replaces', async () => {
      const data = await trackedJob(suite.queue, 'asset-swept');
      const readyId = await resolveTracking(suite.queue, suite.publisher, data);
      const removed: AssetNotice = { ...eventFor(data), type: 'asset.removed', status: null };

      const published = await suite.publisher.publishFinding(removed, readyId);
      const again = await suite.publisher.publishFinding(removed, readyId);

      expect(published).toMatch(/^\d+-\d+$/);
      expect(again).toBeNull();
      expect(await getAssetState(suite.connection, suite.location, 'asset-swept')).toMatchObject({
        status: 'removed',
        eventId: published,
      });
    });
  });
});

describe('mergeMetadata', () => {
  describe('when more pipelines join than a tracking carries', () => {
    it('should merge up to 8 distinct objects, then refuse', async () => {
      const data = await trackedJob(suite.queue, 'asset-busy', { metadata: { n: 0 } });
      const merges = Array.from({ length: 9 }, (_, index) => ({
        assetId: 'asset-busy',
        trackingId: data.trackingId,
        metadata: { n: index },
        first: { n: 0 },
      }));

      const outcomes = await mergeMetadata(suite.connection, suite.location, merges);
      const state = await getAssetState(suite.connection, suite.location, 'asset-busy');

      expect(outcomes).toEqual(['duplicate', ...Array(7).fill('merged'), 'full']);
      expect(state?.metadataList).toEqual(Array.from({ length: 8 }, (_, n) => ({ n })));
    });
  });

  describe('when the tracking published its event meanwhile', () => {
    it('should report ended and change nothing', async () => {
      const data = await trackedJob(suite.queue, 'asset-late');
      await suite.publisher.publish(eventFor(data));

      const outcomes = await mergeMetadata(suite.connection, suite.location, [
        {
          assetId: 'asset-late',
          trackingId: data.trackingId,
          metadata: { late: true },
          first: null,
        },
        { assetId: 'asset-late', trackingId: 'another', metadata: { late: true }, first: null },
      ]);

      expect(outcomes).toEqual(['ended', 'ended']);
      expect(
        await suite.connection.hget(jobKey(suite.location, 'asset-late'), 'crunMeta'),
      ).toBeNull();
    });
  });

  describe('when the event is published after a merge', () => {
    it("should carry every pipeline's metadata, the first one's first", async () => {
      const data = await trackedJob(suite.queue, 'asset-shared', { metadata: { from: 'a' } });
      await mergeMetadata(suite.connection, suite.location, [
        {
          assetId: 'asset-shared',
          trackingId: data.trackingId,
          metadata: { from: 'b' },
          first: data.metadata ?? null,
        },
      ]);

      await suite.publisher.publish(eventFor(data));
      const state = await getAssetState(suite.connection, suite.location, 'asset-shared');

      expect(state && 'event' in state ? state.event : null).toMatchObject({
        metadata: { from: 'a' },
        metadataList: [{ from: 'a' }, { from: 'b' }],
      });
    });
  });
});
