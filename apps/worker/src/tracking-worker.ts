import type { CrunClient } from '@crun/api';
import {
  createRedisConnection,
  EventPublisher,
  type TrackingJobData,
  type TrackingLocation,
  waitForRedis,
} from '@crun/tracking';
import { Queue, Worker } from 'bullmq';

import { createAssetCheck } from './check-asset.js';
import { DEFAULT_FLEET_POLICY, FleetControl, type FleetPolicy } from './fleet/fleet-control.js';
import type { Logger } from './logger.js';
import type { HealthChecks } from './ops/ops-server.js';
import { WorkerMetrics } from './ops/worker-metrics.js';
import { isConnectionError, watchRedisConnection } from './redis-health.js';
import type { TrackingPolicy } from './tracking-policy.js';

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
  readonly worker: Worker<TrackingJobData, void, string>;
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
  const queue = new Queue(options.location.queueName, {
    connection: commands,
    prefix: options.location.prefix,
  });
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

  const metrics = new WorkerMetrics(queue, fleet);
  const check = createAssetCheck({
    client: options.client,
    publisher,
    fleet,
    metrics,
    policy: options.policy,
    logger: options.logger,
    random: options.random,
  });

  const worker = new Worker<TrackingJobData, void, string>(options.location.queueName, check, {
    connection,
    prefix: options.location.prefix,
    concurrency: options.concurrency,
    maxStalledCount: MAX_STALLED_COUNT,
    ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
  });
  observe(worker, options.logger);

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
      await closeWithin(worker, timeoutMs, options.logger);
      await queue.close();
      commands.disconnect();
      connection.disconnect();
    },
  };
}

/** Checks lost or taken over are counted and reported at most this often. */
const REPORT_INTERVAL_MS = 5_000;

/**
 * BullMQ's words for a check whose lock expired, so another worker may run
 * it: the usual aftermath of a long Redis outage, not a fault of its own.
 */
const LOST_LOCK =
  /could not renew lock|Missing lock for job|Lock mismatch for job|Missing key for job/;

function observe(worker: Worker<TrackingJobData, void, string>, logger: Logger): void {
  const lost = batchedReport(logger, 'checks lost their lock; the stall check hands them on');
  const stalled = batchedReport(logger, 'stalled checks of a lost worker taken over');

  worker.on('error', (error) => {
    if (LOST_LOCK.test(error.message)) {
      lost();
    } else {
      logUnexpected(logger, 'worker error', error);
    }
  });
  worker.on('stalled', stalled);
  worker.on('failed', (job, error) => {
    const assetId = job?.data.assetId;
    logger.error({ assetId, error: { name: error.name, message: error.message } }, 'check failed');
  });
}

/**
 * Counts occurrences and logs one line per burst: a dead worker or a Redis
 * outage affects up to a worker's whole concurrency at once.
 */
function batchedReport(logger: Logger, message: string): () => void {
  let count = 0;

  return () => {
    count += 1;
    if (count === 1) {
      setTimeout(() => {
        logger.warn({ checks: count }, message);
        count = 0;
      }, REPORT_INTERVAL_MS).unref();
    }
  };
}

function logUnexpected(logger: Logger, what: string, error: Error): void {
  if (!isConnectionError(error)) {
    logger.error({ error: { name: error.name, message: error.message } }, what);
  }
}

async function closeWithin(
  worker: Worker<TrackingJobData, void, string>,
  timeoutMs: number,
  logger: Logger,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });

  const outcome = await Promise.race([worker.close().then(() => 'closed' as const), timedOut]);
  clearTimeout(timer);

  if (outcome === 'timeout') {
    logger.warn({ timeoutMs }, 'checks still running at shutdown; leaving them to the stall check');
    await worker.close(true);
  }
}
