import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { API_KEY, eventsPerAsset, Harness, sleep } from './helpers/harness.js';
import { spawnWorker, type WorkerProcess } from './helpers/worker-process.js';

let harness: Harness;
const processes: WorkerProcess[] = [];

beforeAll(async () => {
  harness = await Harness.start();
});

afterEach(async () => {
  for (const worker of processes.splice(0)) {
    worker.child.kill('SIGKILL');
    await worker.exited;
  }
  await harness.closeWorkers();
  harness.simulator.clearFaults();
});

afterAll(() => harness.close());

async function startProcesses(
  count: number,
  location: { prefix: string; queueName: string },
  env: Record<string, string> = {},
): Promise<WorkerProcess[]> {
  const started = Array.from({ length: count }, () =>
    spawnWorker({
      REDIS_URL: harness.redis.url,
      CRUN_API_KEY: API_KEY,
      CRUN_BASE_URL: harness.simulator.url,
      CRUN_PREFIX: location.prefix,
      CRUN_QUEUE: location.queueName,
      ...env,
    }),
  );
  processes.push(...started);
  await Promise.all(started.map((worker) => worker.started));
  return started;
}

function mixedLifecycles(count: number, maxProcessingMs: number): string[] {
  return Array.from({ length: count }, (_, index) =>
    harness.simulator.addAsset({
      processingMs: Math.floor(Math.random() * maxProcessingMs),
      outcome: index % 9 === 0 ? 'Failed' : 'Active',
    }),
  );
}

function expectOneEachOf(ids: string[], events: { event: { assetId: string } }[]): void {
  const perAsset = eventsPerAsset(events as never);
  expect(perAsset.size).toBe(ids.length);
  expect([...perAsset.values()].filter((count) => count !== 1)).toEqual([]);
}

describe('worker processes', () => {
  describe('when three processes share a budget', () => {
    it('should never read faster than the budget together', async () => {
      const location = harness.newLocation();
      const ids = Array.from({ length: 300 }, () =>
        harness.simulator.addAsset({ processingMs: 3_600_000 }),
      );
      await startProcesses(3, location, {
        API_RATE_LIMIT_PER_SECOND: '40',
        WORKER_CONCURRENCY: '20',
        POLL_INITIAL_DELAY_MS: '10',
        POLL_MAX_DELAY_MS: '20',
      });
      harness.simulator.resetStats();

      await harness.producer(location).enqueue(ids);
      await sleep(4_000);
      const { stats } = harness.simulator;
      const reads = stats.byRoute['asset-info'];
      const peak = stats.peakRate(1_000);

      console.log(`budget 40/s, 3 processes: ${reads} reads in 4 s, peak ${peak} in any second`);
      expect(peak).toBeLessThanOrEqual(40);
      expect(reads).toBeGreaterThan(4 * 40 * 0.6);
    });
  });

  describe('when a process is killed with SIGKILL mid-run', () => {
    it('should hand its checks to the others and publish one event per asset', async () => {
      const location = harness.newLocation();
      const ids = mixedLifecycles(3_000, 3_000);
      const [victim] = await startProcesses(3, location, { WORKER_CONCURRENCY: '50' });

      await harness.producer(location).enqueue(ids);
      await sleep(1_200);
      victim?.child.kill('SIGKILL');
      const killedAt = Date.now();
      await victim?.exited;
      const events = await harness.waitForEvents(location, ids.length, 60_000);

      const lastMs =
        Math.max(...events.map(({ event }) => Date.parse(event.resolvedAt))) - killedAt;
      console.log(
        `SIGKILL: ${ids.length} assets, ${events.length} events, last ${lastMs} ms after the kill`,
      );
      expectOneEachOf(ids, events);
      const left = await harness.jobsLeft(location);
      expect(Object.values(left).every((count) => count === 0)).toBe(true);
    });
  });

  describe('when Redis restarts mid-run', () => {
    it('should reconnect, run the checks that fell due, and lose nothing', async () => {
      const location = harness.newLocation();
      const ids = mixedLifecycles(1_000, 2_000);
      const lockOutlastsOutage = { WORKER_LOCK_DURATION_MS: '5000' };
      await startProcesses(2, location, { WORKER_CONCURRENCY: '50', ...lockOutlastsOutage });
      await harness.producer(location).enqueue(ids);
      await sleep(800);

      await harness.redis.stop();
      await sleep(1_000);
      await harness.redis.start();
      const backAt = Date.now();
      const events = await harness.waitForEvents(location, ids.length, 60_000);

      const after = events
        .map(({ event }) => Date.parse(event.resolvedAt))
        .filter((time) => time >= backAt);
      console.log(
        `Redis restart: first event ${Math.min(...after) - backAt} ms after Redis was back`,
      );
      expectOneEachOf(ids, events);
      const logs = processes.flatMap((worker) => worker.lines);
      const other = logs.filter((line) => !/"(asset resolved|worker started)"/.test(line));
      expect(logs.every((line) => line.startsWith('{'))).toBe(true);
      expect(other.filter((line) => line.includes('Redis connection lost'))).toHaveLength(2);
      expect(other.filter((line) => line.includes('Redis connection restored'))).toHaveLength(2);
      expect(other.length).toBeLessThanOrEqual(8);
    });
  });

  describe('when Redis stops answering without closing connections', () => {
    it('should carry on once it answers again, losing nothing', async () => {
      const location = harness.newLocation();
      const ids = mixedLifecycles(500, 1_500);
      await startProcesses(2, location, { WORKER_CONCURRENCY: '50' });
      await harness.producer(location).enqueue(ids);
      await sleep(600);

      await harness.redis.freeze();
      await sleep(3_000);
      await harness.redis.thaw();
      const thawedAt = Date.now();
      const events = await harness.waitForEvents(location, ids.length, 60_000);

      const after = events
        .map(({ event }) => Date.parse(event.resolvedAt))
        .filter((time) => time >= thawedAt);
      console.log(
        `Redis frozen 3 s: first event ${Math.min(...after) - thawedAt} ms after it answered`,
      );
      expectOneEachOf(ids, events);
    });
  });

  describe('when Redis cannot be reached at start', () => {
    it('should exit with one clear line, not a stack trace loop', async () => {
      const worker = spawnWorker({
        REDIS_URL: 'redis://127.0.0.1:1',
        REDIS_CONNECT_TIMEOUT_MS: '500',
        CRUN_API_KEY: API_KEY,
      });

      const code = await worker.exited;

      expect(code).toBe(1);
      expect(worker.lines).toHaveLength(1);
      expect(worker.lines[0]).toMatch(
        /cannot reach Redis at redis:\/\/127\.0\.0\.1:1 within 500 ms/,
      );
      expect(worker.lines[0]).not.toContain(API_KEY);
    });
  });

  describe('when a process gets SIGTERM with checks in flight', () => {
    it('should finish them within the bound, exit, and leave the rest for others', async () => {
      const location = harness.newLocation();
      const ids = Array.from({ length: 100 }, () =>
        harness.simulator.addAsset({ processingMs: 0 }),
      );
      harness.simulator.injectFaults([{ kind: 'latency', ms: 700 }]);
      const [worker] = await startProcesses(1, location, { WORKER_CONCURRENCY: '20' });
      await harness.producer(location).enqueue(ids);
      await sleep(300);

      worker?.child.kill('SIGTERM');
      const sentAt = Date.now();
      const code = await worker?.exited;
      const exitMs = Date.now() - sentAt;
      const finished = (await harness.events(location)).length;
      harness.simulator.clearFaults();
      await startProcesses(1, location);
      const events = await harness.waitForEvents(location, ids.length);

      expect(code).toBe(0);
      expect(exitMs).toBeLessThan(2_000 + 1_000);
      expect(finished).toBeGreaterThanOrEqual(20);
      expect(worker?.lines.some((line) => line.includes('"worker stopped"'))).toBe(true);
      expectOneEachOf(ids, events);
    });
  });
});
