import type { CrunClient } from '@crun/api';
import {
  createRedisConnection,
  EventPublisher,
  type TrackingJobData,
  type TrackingLocation,
  waitForRedis,
} from '@crun/tracking';
import { Worker } from 'bullmq';

import { createAssetCheck } from './check-asset.js';
import type { Logger } from './logger.js';
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
   * for no limit. BullMQ keeps this budget in Redis, so it holds fleet-wide.
   */
  ratePerSecond: number;
  /** Approximate number of events the stream keeps. */
  eventStreamMaxLength: number;
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
    await waitForRedis(connection, options.redisUrl);
  } catch (error) {
    connection.disconnect();
    throw error;
  }

  const publisherConnection = connection.duplicate();
  const publisher = new EventPublisher(
    publisherConnection,
    options.location,
    options.eventStreamMaxLength,
  );
  const check = createAssetCheck({
    client: options.client,
    publisher,
    policy: options.policy,
    logger: options.logger,
    ...(options.random ? { random: options.random } : {}),
  });

  const worker = new Worker<TrackingJobData, void, string>(options.location.queueName, check, {
    connection,
    prefix: options.location.prefix,
    concurrency: options.concurrency,
    maxStalledCount: MAX_STALLED_COUNT,
    ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    ...(options.ratePerSecond > 0
      ? { limiter: { max: options.ratePerSecond, duration: 1000 } }
      : {}),
  });
  observe(worker, options.logger);

  return {
    worker,
    async close(timeoutMs = 10_000) {
      await closeWithin(worker, timeoutMs, options.logger);
      publisherConnection.disconnect();
      connection.disconnect();
    },
  };
}

function observe(worker: Worker<TrackingJobData, void, string>, logger: Logger): void {
  worker.on('error', (error) => {
    logger.error({ error: { name: error.name, message: error.message } }, 'worker error');
  });
  worker.on('failed', (job, error) => {
    const assetId = job?.data.assetId;
    logger.error({ assetId, error: { name: error.name, message: error.message } }, 'check failed');
  });
  worker.on('stalled', (jobId) => {
    logger.warn({ jobId }, 'stalled check taken over');
  });
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
