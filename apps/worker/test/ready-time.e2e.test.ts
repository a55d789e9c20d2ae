import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { FAST_POLICY, Harness } from './helpers/harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await Harness.start();
});

afterEach(() => harness.closeWorkers());

afterAll(() => harness.close());

const policy = { ...FAST_POLICY, poll: { ...FAST_POLICY.poll, jitter: 0 } };

describe('scheduling from observed review times', () => {
  describe('when the fleet has seen enough reviews of the type', () => {
    it('should skip the reads that could not succeed, and still see Active promptly', async () => {
      const plainAt = harness.newLocation();
      const pacedAt = harness.newLocation();
      const history = `${pacedAt.prefix}:${pacedAt.queueName}:crun-ready-times:Video`;
      await harness.inspector.lpush(history, ...Array.from({ length: 30 }, () => 3_000));
      const twins = [0, 1].map(() =>
        harness.simulator.addAsset({ processingMs: 3_300, assetType: 'Video' }),
      );
      await harness.startWorker(plainAt, { policy, readyTime: { enabled: false } });
      await harness.startWorker(pacedAt, { policy, readyTime: { enabled: true, minSamples: 20 } });

      await harness.producer(plainAt).enqueue([twins[0] ?? '']);
      await harness.producer(pacedAt).enqueue([twins[1] ?? '']);
      const [plain] = await harness.waitForEvents(plainAt, 1);
      const [paced] = await harness.waitForEvents(pacedAt, 1);

      const calls = twins.map((id) => harness.simulator.stats.assetInfoCalls.get(id) ?? 0);
      const lateness = [plain, paced].map((delivered, index) => {
        const readyAt = harness.simulator.getAsset(twins[index] ?? '')?.readyAt ?? 0;
        return Date.parse(delivered?.event.resolvedAt ?? '') - readyAt;
      });
      expect(calls[1]).toBeLessThan(calls[0] ?? 0);
      expect(lateness[1]).toBeGreaterThanOrEqual(0);
      expect(lateness[1]).toBeLessThan(1_000);
      expect(JSON.stringify(paced?.event.timeline)).toContain('ready-time');
      expect(await harness.inspector.llen(history)).toBe(31);
    });
  });

  describe('when the fleet knows too little', () => {
    it('should keep to the plain backoff', async () => {
      const location = harness.newLocation();
      const history = `${location.prefix}:${location.queueName}:crun-ready-times:Audio`;
      await harness.inspector.lpush(history, ...Array.from({ length: 5 }, () => 3_000));
      const assetId = harness.simulator.addAsset({ processingMs: 900, assetType: 'Audio' });
      await harness.startWorker(location, { policy, readyTime: { enabled: true, minSamples: 20 } });

      await harness.producer(location).enqueue([assetId]);
      const [delivered] = await harness.waitForEvents(location, 1);

      expect(JSON.stringify(delivered?.event.timeline)).not.toContain('ready-time');
      expect(delivered?.event.polls).toBeGreaterThanOrEqual(4);
    });
  });
});
