import { Writable } from 'node:stream';

import { CrunClient } from '@crun/api';
import { AssetProducer } from '@crun/producer';
import { type CrunSimulator, type SimulatorOptions, startSimulator } from '@crun/simulator';
import { startTestRedis, type TestRedis } from '@crun/test-redis';
import {
  type DeliveredAnyAssetEvent,
  eventStreamKey,
  parseAnyAssetEvent,
  type TrackingLocation,
} from '@crun/tracking';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

import { createLogger } from '../../src/logger.js';
import type { TrackingPolicy } from '../../src/tracking-policy.js';
import {
  startTrackingWorker,
  type TrackingWorker,
  type TrackingWorkerOptions,
} from '../../src/tracking-worker.js';

export const API_KEY = 'sk-harness-secret-key-7f3a9c';

/** Millisecond-scale backoff so lifecycles of a second or two take a few polls. */
export const FAST_POLICY: TrackingPolicy = {
  poll: { initialDelayMs: 100, factor: 2, maxDelayMs: 400, jitter: 0.1 },
  retry: { initialDelayMs: 50, factor: 2, maxDelayMs: 400, jitter: 0.2 },
  deadlineMs: 60_000,
};

/** Fleet reactions on a test's time scale: pauses of tens of ms, not seconds. */
export const FAST_FLEET = {
  accountProbeIntervalMs: 300,
  budgetWindowMs: 500,
  rateLimitPauseMs: 50,
  breaker: { threshold: 5, initialOpenMs: 100, maxOpenMs: 1_000 },
};

/** A Redis, a simulator, and what a suite needs to run trackers against them. */
export class Harness {
  readonly logLines: string[] = [];
  readonly #workers: TrackingWorker[] = [];
  readonly #producers: AssetProducer[] = [];

  private constructor(
    readonly redis: TestRedis,
    readonly simulator: CrunSimulator,
    readonly inspector: Redis,
  ) {}

  static async start(simulatorOptions: SimulatorOptions = {}): Promise<Harness> {
    const redis = await startTestRedis();
    const simulator = await startSimulator({ apiKeys: [API_KEY], seed: 42, ...simulatorOptions });
    const inspector = new Redis(redis.url);
    // Suites restart Redis on purpose; reconnection needs no report.
    inspector.on('error', () => {});
    return new Harness(redis, simulator, inspector);
  }

  newLocation(): TrackingLocation {
    return { prefix: 'test', queueName: `tracking-${Math.random().toString(36).slice(2, 10)}` };
  }

  async startWorker(
    location: TrackingLocation,
    overrides: Partial<TrackingWorkerOptions> & { clientTimeoutMs?: number } = {},
  ): Promise<TrackingWorker> {
    const { clientTimeoutMs = 2_000, ...options } = overrides;
    const logger = createLogger('test-worker', 'debug', lineCollector(this.logLines));
    const worker = await startTrackingWorker({
      redisUrl: this.redis.url,
      client: new CrunClient({
        apiKey: API_KEY,
        baseUrl: this.simulator.url,
        timeoutMs: clientTimeoutMs,
      }),
      location,
      policy: FAST_POLICY,
      logger,
      concurrency: 50,
      ratePerSecond: 0,
      eventStreamMaxLength: 100_000,
      fleet: FAST_FLEET,
      ...options,
    });
    this.#workers.push(worker);
    return worker;
  }

  producer(location: TrackingLocation, partitions = 1): AssetProducer {
    const producer = new AssetProducer({ redisUrl: this.redis.url, location, partitions });
    this.#producers.push(producer);
    return producer;
  }

  /** Every event and notice in the stream, oldest first. */
  async events(location: TrackingLocation): Promise<DeliveredAnyAssetEvent[]> {
    const entries = await this.inspector.xrange(eventStreamKey(location), '-', '+');
    return entries.map(([id, fields]) => {
      const json = fields[fields.indexOf('event') + 1] ?? '';
      return { id, event: parseAnyAssetEvent(json) };
    });
  }

  /**
   * Waits until the stream holds `count` events, then a little longer, so a
   * duplicate published late would be caught too.
   */
  async waitForEvents(
    location: TrackingLocation,
    count: number,
    timeoutMs = 30_000,
  ): Promise<DeliveredAnyAssetEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.inspector.xlen(eventStreamKey(location))) < count) {
      if (Date.now() > deadline) {
        const got = await this.inspector.xlen(eventStreamKey(location));
        throw new Error(`only ${got} of ${count} events after ${timeoutMs} ms`);
      }

      await sleep(50);
    }

    await sleep(300);
    return this.events(location);
  }

  /** Jobs left in any state; zero once every tracking has ended. */
  async jobsLeft(location: TrackingLocation): Promise<Record<string, number>> {
    const queue = new Queue(location.queueName, {
      connection: this.inspector,
      prefix: location.prefix,
    });
    const counts = await queue.getJobCounts(
      'waiting',
      'delayed',
      'active',
      'failed',
      'completed',
      'prioritized',
    );
    await queue.close();
    return counts;
  }

  async closeWorkers(): Promise<void> {
    await Promise.all(this.#workers.splice(0).map((worker) => worker.close(2_000)));
    await Promise.all(this.#producers.splice(0).map((producer) => producer.close()));
  }

  async close(): Promise<void> {
    await this.closeWorkers();
    this.inspector.disconnect();
    await this.simulator.close();
    await this.redis.close();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A log destination that keeps each line in `lines`. */
export function lineCollector(lines: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
}

/** Counts events per asset ID. */
export function eventsPerAsset(events: DeliveredAnyAssetEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { event } of events) {
    counts.set(event.assetId, (counts.get(event.assetId) ?? 0) + 1);
  }
  return counts;
}
