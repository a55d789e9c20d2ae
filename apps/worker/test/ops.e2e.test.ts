import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startOpsServer } from '../src/ops/ops-server.js';
import { Harness, sleep } from './helpers/harness.js';

let harness: Harness;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  harness = await Harness.start();
});

afterEach(async () => {
  for (const close of closers.splice(0)) {
    await close();
  }
  await harness.closeWorkers();
});

afterAll(() => harness.close());

describe('ops endpoints', () => {
  describe('after a small run', () => {
    it('should expose reads, resolutions, latency, queue depth and fleet state', async () => {
      const location = harness.newLocation();
      const ready = [0, 0, 300].map((processingMs) => harness.simulator.addAsset({ processingMs }));
      const failed = harness.simulator.addAsset({ processingMs: 0, outcome: 'Failed' });
      const waiting = harness.simulator.addAsset({ processingMs: 3_600_000 });
      const tracker = await harness.startWorker(location, { ratePerSecond: 50 });
      const ops = await startOpsServer('127.0.0.1', 0, tracker.metrics.registry, tracker.health);
      closers.push(ops.close);

      await harness.producer(location).enqueue([...ready, failed, waiting, 'asset-unknown-ops']);
      await harness.waitForEvents(location, 5);
      const text = await (await fetch(`${ops.url}/metrics`)).text();

      expect(text).toMatch(/^crun_assets_resolved_total\{type="asset\.ready"\} 3$/m);
      expect(text).toMatch(/^crun_assets_resolved_total\{type="asset\.failed"\} 1$/m);
      expect(text).toMatch(/^crun_assets_resolved_total\{type="asset\.not_found"\} 1$/m);
      expect(text).toMatch(/^crun_assets_tracked_total 6$/m);
      expect(text).toMatch(/^crun_reads_total\{outcome="processing"\} [1-9]\d*$/m);
      expect(text).toMatch(/^crun_reads_total\{outcome="active"\} 3$/m);
      expect(text).toMatch(/^crun_api_errors_total\{code="404"\} 1$/m);
      expect(text).toMatch(/^crun_api_request_duration_seconds_count\{result="ok"\} \d+$/m);
      expect(text).toMatch(/^crun_time_to_ready_seconds_count 3$/m);
      // The one asset still in review is delayed, or being checked, or due.
      const inFlight = ['waiting', 'delayed', 'active'].map((state) => {
        const line = new RegExp(
          `^crun_queue_jobs\\{partition="0",state="${state}"\\} (\\d+)$`,
          'm',
        ).exec(text);
        return Number(line?.[1]);
      });
      expect(inFlight.reduce((sum, count) => sum + count, 0)).toBe(1);
      expect(text).toMatch(/^crun_queue_jobs\{partition="0",state="failed"\} 0$/m);
      expect(text).toMatch(/^crun_fleet_state\{field="budget"\} 50$/m);
      expect(text).toMatch(/^crun_fleet_state\{field="account_paused"\} 0$/m);
      expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    });
  });

  describe('when Redis stops and comes back', () => {
    it('should flip readiness to 503 and back, while liveness stays up', async () => {
      const location = harness.newLocation();
      const tracker = await harness.startWorker(location);
      const ops = await startOpsServer('127.0.0.1', 0, tracker.metrics.registry, tracker.health);
      closers.push(ops.close);
      const ready = async () => {
        const response = await fetch(`${ops.url}/readyz`);
        return {
          status: response.status,
          body: (await response.json()) as Record<string, unknown>,
        };
      };

      const before = await ready();
      await harness.redis.stop();
      await sleep(300);
      const during = await ready();
      const live = (await fetch(`${ops.url}/healthz`)).status;
      await harness.redis.start();
      await expect.poll(async () => (await ready()).status, { timeout: 5_000 }).toBe(200);

      expect(before).toEqual({
        status: 200,
        body: { ready: true, checks: { redis: true, worker: true, crunAccount: true } },
      });
      expect(during.status).toBe(503);
      expect(during.body).toMatchObject({ ready: false, checks: { redis: false } });
      expect(live).toBe(200);
    });
  });

  it('should answer 404 elsewhere', async () => {
    const tracker = await harness.startWorker(harness.newLocation());
    const ops = await startOpsServer('127.0.0.1', 0, tracker.metrics.registry, tracker.health);
    closers.push(ops.close);

    expect((await fetch(`${ops.url}/nothing`)).status).toBe(404);
  });
});
