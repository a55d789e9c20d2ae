import type { CrunClient } from '@crun/api';
import {
  createRedisConnection,
  EventPublisher,
  openTrackingQueue,
  type StoredJobData,
  TRACKING_JOB_RETENTION,
  type TrackingLocation,
  waitForRedis,
} from '@crun/tracking';
import { type Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';

import { createAssetCheck } from './check-asset.js';
import { DEFAULT_FLEET_POLICY, FleetControl, type FleetPolicy } from './fleet/fleet-control.js';
import { jobDataSaver } from './job-data-script.js';
import type { Logger } from './logger.js';
import type { HealthChecks } from './ops/ops-server.js';
import { WorkerMetrics } from './ops/worker-metrics.js';
import {
  DEFAULT_READY_TIME_POLICY,
  type ReadyTimePolicy,
  ReadyTimeStore,
} from './ready-time/ready-time-store.js';
import { watchRedisConnection } from './redis-health.js';
import { type SweepOptions, type SweepService, startSweep } from './sweep/sweep-service.js';
import type { TrackingPolicy } from './tracking-policy.js';
import { closeWithin, logUnexpected, observe } from './worker-lifecycle.js';

export interface TrackingWorkerOptions {
  /** The Redis that holds the queue, e.g. `redis://127.0.0.1:6379`. */
  redisUrl: string;
  client: CrunClient;
  location: TrackingLocation;
  policy: TrackingPolicy;
  logger: Logger;
  /** Status reads in flight at once in this process. */
  concurrency: number;
  /**
   * Status reads allowed per second across every worker of the queue, or 0
   * for no limit. BullMQ keeps this budget in Redis, so it holds fleet-wide;
   * 429s shrink it for a while.
   */
  ratePerSecond: number;
  /** How long to wait for Redis at start before giving up, in ms. @default 10000 */
  redisConnectTimeoutMs?: number | undefined;
  /** How the fleet reacts to 429s, account faults and runs of faults. */
  fleet?: Partial<FleetPolicy> | undefined;
  /** Scheduling early reads from the review times the fleet has observed. */
  readyTime?: Partial<ReadyTimePolicy> | undefined;
  /** Approximate number of events the stream keeps. */
  eventStreamMaxLength: number;
  /** How long a finished asset's record stays readable, in ms. @default 7 days */
  registryRetentionMs?: number | undefined;
  /**
   * How long a worker's hold on a running check lasts without renewal, in ms;
   * a worker that dies loses its checks to others after about this long.
   * @default 30000
   */
  lockDurationMs?: number | undefined;
  /** How often workers look for checks whose worker died, in ms. @default 30000 */
  stalledIntervalMs?: number | undefined;
  /**
   * The re-validation sweep of ready assets. Absent: this process neither
   * runs it nor changes its schedule; `everyMs` or `batch` 0 removes the
   * schedule for the whole fleet. @default absent
   */
  sweep?: SweepOptions | undefined;
  /** Overrides `Math.random` for the jitter, for tests. */
  random?: () => number;
}

/**
 * Stalled jobs (their worker died mid-read) are retried this many times
 * before BullMQ fails them. Reads are idempotent and publication happens at
 * most once, so there is no reason to give up on an asset because workers
 * crashed: the tracking deadline bounds the rest.
 */
const MAX_STALLED_COUNT = 1_000_000;

export interface TrackingWorker {
  readonly worker: Worker<StoredJobData, void, string>;
  /** Prometheus metrics of this worker. */
  readonly metrics: WorkerMetrics;
  /** What readiness depends on. */
  readonly health: HealthChecks;
  /**
   * Stops taking jobs and lets reads in flight finish for up to `timeoutMs`.
   * Jobs still running then are abandoned to the stall check, which hands
   * them to another worker; nothing is lost.
   */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * Starts a worker that tracks assets until they resolve. Rejects with one
 * clear error when Redis cannot be reached within 10 seconds.
 */
export async function startTrackingWorker(options: TrackingWorkerOptions): Promise<TrackingWorker> {
  const connection = createRedisConnection(options.redisUrl, 'worker');
  try {
    await waitForRedis(connection, options.redisUrl, options.redisConnectTimeoutMs);
  } catch (error) {
    connection.disconnect();
    throw error;
  }

  watchRedisConnection(connection, options.logger);
  const commands = connection.duplicate();
  const publisher = new EventPublisher(commands, options.location, options.eventStreamMaxLength, {
    registryRetentionMs: options.registryRetentionMs,
  });
  // Opened as the producer opens it, so both write the same queue settings.
  const queue = openTrackingQueue(commands, options.location);
  queue.on('error', (error) => logUnexpected(options.logger, 'queue error', error));
  const fleet = new FleetControl({
    ...DEFAULT_FLEET_POLICY,
    ...options.fleet,
    queue,
    redis: commands,
    location: options.location,
    logger: options.logger,
    ratePerSecond: options.ratePerSecond,
  });
  await fleet.start();

  const readyTimes = new ReadyTimeStore(commands, options.location, {
    ...DEFAULT_READY_TIME_POLICY,
    ...options.readyTime,
  });
  await readyTimes.start((error) => {
    const message = error instanceof Error ? error.message : String(error);
    options.logger.warn({ error: message }, 'could not reload observed review times');
  });

  const metrics = new WorkerMetrics(queue, fleet);
  const check = createAssetCheck({
    client: options.client,
    publisher,
    fleet,
    metrics,
    readyTimes,
    policy: options.policy,
    logger: options.logger,
    saveData: jobDataSaver(connection, options.location),
    random: options.random,
  });

  const worker = new Worker<StoredJobData, void, string>(options.location.queueName, check, {
    connection,
    prefix: options.location.prefix,
    concurrency: options.concurrency,
    maxStalledCount: MAX_STALLED_COUNT,
    ...TRACKING_JOB_RETENTION,
    ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
  });
  observe(worker, options.logger);
  const sweep = await startSweepIfAsked(options, connection, { commands, publisher, fleet, queue });

  return {
    worker,
    metrics,
    health: {
      redisReady: () => connection.status === 'ready' && commands.status === 'ready',
      workerRunning: () => worker.isRunning(),
      accountPaused: async () => (await fleet.snapshot()).accountPaused,
    },
    async close(timeoutMs = 10_000) {
      fleet.stop();
      readyTimes.stop();
      await Promise.all([sweep?.close(timeoutMs), closeWithin(worker, timeoutMs, options.logger)]);
      await queue.close();
      commands.disconnect();
      connection.disconnect();
    },
  };
}

function startSweepIfAsked(
  options: TrackingWorkerOptions,
  connection: Redis,
  shared: { commands: Redis; publisher: EventPublisher; fleet: FleetControl; queue: Queue },
): Promise<SweepService | undefined> {
  if (!options.sweep) {
    return Promise.resolve(undefined);
  }

  return startSweep(connection, options.sweep, {
    client: options.client,
    redis: shared.commands,
    location: options.location,
    publisher: shared.publisher,
    fleet: shared.fleet,
    trackingQueue: shared.queue,
    logger: options.logger,
    timelineLength: options.policy.timelineLength,
  });
}
