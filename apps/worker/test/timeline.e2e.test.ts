import type { TimelineEntry } from '@crun/tracking';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { Harness } from './helpers/harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await Harness.start();
});

afterEach(async () => {
  await harness.closeWorkers();
  harness.simulator.clearFaults();
});

afterAll(() => harness.close());

function indexOf(entries: TimelineEntry[], observed: string): number {
  return entries.findIndex(([, seen]) => seen === observed);
}

describe('asset timeline', () => {
  describe('when an asset is read through backoff, a 5xx, a 429 and then turns Active', () => {
    it('should record each read and why the next wait was chosen, readable after the end', async () => {
      const location = harness.newLocation();
      const producer = harness.producer(location);
      const assetId = harness.simulator.addAsset({ processingMs: 1_200 });
      await harness.startWorker(location);

      await producer.enqueue([assetId]);
      await expect
        .poll(async () => (await producer.timeline(assetId))?.entries.length, { timeout: 5_000 })
        .toBeGreaterThanOrEqual(2);
      harness.simulator.injectFaults([
        { kind: 'server-error', status: 500, count: 1, assetIds: [assetId] },
        { kind: 'rate-limit', count: 1, retryAfter: { seconds: 1 }, assetIds: [assetId] },
      ]);
      const [delivered] = await harness.waitForEvents(location, 1);
      const entries = delivered?.event.timeline ?? [];
      console.log(`timeline: ${JSON.stringify(entries)}`);

      const processing = entries.filter(([, seen]) => seen === 'Processing');
      expect(processing.length).toBeGreaterThanOrEqual(2);
      expect(processing.every(([, , , why]) => why === 'backoff')).toBe(true);
      const delays = processing.map(([, , delay]) => delay ?? 0);
      expect(delays).toEqual([...delays].sort((a, b) => a - b));
      expect(entries[indexOf(entries, 'code 500')]).toEqual([
        expect.any(Number),
        'code 500',
        expect.any(Number),
        'fault',
      ]);
      expect(entries[indexOf(entries, 'code 429')]).toEqual([
        expect.any(Number),
        'code 429',
        1,
        'rate-limit',
      ]);
      expect(entries.at(-1)).toEqual([expect.any(Number), 'Active', null, 'resolved']);
      expect(indexOf(entries, 'Processing')).toBeLessThan(indexOf(entries, 'code 500'));
      expect(indexOf(entries, 'code 500')).toBeLessThan(indexOf(entries, 'code 429'));
      const offsets = entries.map(([offset]) => offset);
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
      expect(entries.length).toBeLessThanOrEqual(8);
      expect((await producer.timeline(assetId))?.entries).toEqual(entries);
    });
  });

  describe('when an asset is read more often than the timeline holds', () => {
    it('should keep only the last reads', async () => {
      const location = harness.newLocation();
      const producer = harness.producer(location);
      const assetId = harness.simulator.addAsset({ processingMs: 3_600_000 });
      await harness.startWorker(location, {
        policy: {
          poll: { initialDelayMs: 20, factor: 1, maxDelayMs: 20, jitter: 0 },
          retry: { initialDelayMs: 20, factor: 1, maxDelayMs: 20, jitter: 0 },
          deadlineMs: 60_000,
          timelineLength: 3,
        },
      });

      await producer.enqueue([assetId]);
      await expect
        .poll(async () => (await producer.state(assetId))?.polls, { timeout: 5_000 })
        .toBeGreaterThanOrEqual(6);
      const timeline = await producer.timeline(assetId);

      expect(timeline?.entries).toHaveLength(3);
      expect(
        timeline?.entries.every(
          ([, seen, delay, why]) => seen === 'Processing' && delay === 0 && why === 'backoff',
        ),
      ).toBe(true);
      expect(timeline?.entries[0]?.[0]).toBeGreaterThan(0);
      await producer.cancel(assetId);
    });
  });
});
