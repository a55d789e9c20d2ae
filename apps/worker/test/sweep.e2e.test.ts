import type { TrackingLocation } from '@crun/tracking';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { API_KEY, eventsPerAsset, Harness, sleep } from './helpers/harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await Harness.start();
});

afterEach(async () => {
  await harness.closeWorkers();
  harness.simulator.clearFaults();
  harness.simulator.setApiKeys([API_KEY]);
});

afterAll(() => harness.close());

/** Tracks fresh assets until each has its ready event; returns their IDs. */
async function readyAssets(location: TrackingLocation, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => harness.simulator.addAsset({ processingMs: 0 }));
  await harness.producer(location).enqueue(ids);
  await harness.waitForEvents(location, count);
  return ids;
}

const SWEEP = { sweep: { everyMs: 200, batch: 10 } };

describe('re-validation sweep', () => {
  describe('when Crun later removes one ready asset and fails another', () => {
    it('should publish exactly one notice each, and nothing for the asset still Active', async () => {
      const location = harness.newLocation();
      await harness.startWorker(location);
      const [kept = '', gone = '', broken = ''] = await readyAssets(location, 3);
      await harness.closeWorkers();

      harness.simulator.removeAsset(gone);
      harness.simulator.setStatus(broken, 'Failed');
      await harness.startWorker(location, SWEEP);
      await harness.waitForEvents(location, 5);
      await sleep(1_000);
      const settled = await harness.events(location);

      const byAsset = (id: string) => settled.filter(({ event }) => event.assetId === id);
      expect(settled).toHaveLength(5);
      expect(byAsset(kept).map(({ event }) => event.type)).toEqual(['asset.ready']);
      expect(byAsset(gone).map(({ event }) => event.type)).toEqual([
        'asset.ready',
        'asset.removed',
      ]);
      expect(byAsset(broken).map(({ event }) => event.type)).toEqual([
        'asset.ready',
        'asset.changed',
      ]);
      const [readyOfGone, removed] = byAsset(gone).map(({ event }) => event);
      expect(removed).toMatchObject({
        status: null,
        asset: null,
        trackingId: readyOfGone?.trackingId,
        firstSeenAt: readyOfGone?.firstSeenAt,
      });
      expect(removed?.timeline?.at(-1)).toEqual([expect.any(Number), 'code 404', null, 'recheck']);
      expect(byAsset(broken)[1]?.event).toMatchObject({
        status: 'Failed',
        asset: { assetId: broken, status: 'Failed' },
        reason: expect.stringMatching(/Failed/),
      });
    });

    it('should file them under removed and changed in the registry', async () => {
      const location = harness.newLocation();
      await harness.startWorker(location);
      const [kept = '', gone = '', broken = ''] = await readyAssets(location, 3);
      harness.simulator.removeAsset(gone);
      harness.simulator.setStatus(broken, 'Failed');

      await harness.closeWorkers();
      await harness.startWorker(location, SWEEP);
      await harness.waitForEvents(location, 5);
      const producer = harness.producer(location);

      expect((await producer.state(gone))?.status).toBe('removed');
      expect((await producer.state(broken))?.status).toBe('changed');
      const ready = await producer.list({ status: 'ready' });
      expect(ready.items.map((item) => item.assetId)).toEqual([kept]);
    });
  });

  describe('when Crun answers sweep reads with faults before the 404', () => {
    it('should skip those runs and mark the asset removed only on the 404 itself', async () => {
      const location = harness.newLocation();
      await harness.startWorker(location);
      const [gone = ''] = await readyAssets(location, 1);
      await harness.closeWorkers();
      harness.simulator.removeAsset(gone);
      harness.simulator.resetStats();
      harness.simulator.injectFaults([
        { kind: 'rate-limit', count: 2, assetIds: [gone] },
        { kind: 'server-error', status: 502, count: 2, assetIds: [gone] },
        { kind: 'auth', count: 1, assetIds: [gone] },
        { kind: 'maintenance', count: 1, assetIds: [gone] },
      ]);

      await harness.startWorker(location, SWEEP);
      const events = await harness.waitForEvents(location, 2, 20_000);
      await sleep(800);

      const faults = harness.simulator.stats.faults;
      expect(faults['rate-limit']).toBe(2);
      expect(faults['server-error']).toBe(2);
      expect(faults.auth).toBe(1);
      expect(faults.maintenance).toBe(1);
      expect(eventsPerAsset(await harness.events(location)).get(gone)).toBe(2);
      expect(events.map(({ event }) => event.type)).toEqual(['asset.ready', 'asset.removed']);
    });
  });

  describe('when the sweep is turned off', () => {
    it('should remove the schedule and read nothing', async () => {
      const location = harness.newLocation();
      await harness.startWorker(location, SWEEP);
      await readyAssets(location, 2);
      await harness.closeWorkers();

      await harness.startWorker(location, { sweep: { everyMs: 0, batch: 10 } });
      harness.simulator.resetStats();
      await sleep(800);

      expect(harness.simulator.stats.byRoute['asset-info'] ?? 0).toBe(0);
    });
  });
});
