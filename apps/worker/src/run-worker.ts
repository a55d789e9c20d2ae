import { CrunClient } from '@crun/api';
import { describeRedisTarget, redisTargetOf } from '@crun/tracking';

import type { WorkerConfig } from './config.js';
import type { Logger } from './logger.js';
import { type OpsServer, startOpsServer } from './ops/ops-server.js';
import { startTrackingWorker, type TrackingWorker } from './tracking-worker.js';

/**
 * Runs a worker as a service: connects, starts, and on SIGTERM or SIGINT
 * drains within the configured bound. Resolves once the worker runs.
 */
export async function runWorkerService(
  config: WorkerConfig & { apiKey: string },
  logger: Logger,
): Promise<TrackingWorker> {
  const client = new CrunClient({
    apiKey: config.apiKey,
    baseUrl: config.baseUrl,
    timeoutMs: config.requestTimeoutMs,
  });
  const tracker = await startTrackingWorker({
    redisUrl: config.redisUrl,
    redisClusterNodes: config.redisClusterNodes,
    client,
    location: config.location,
    partitions: config.partitions,
    servePartitions: config.servePartitions,
    policy: config.policy,
    logger,
    concurrency: config.concurrency,
    ratePerSecond: config.ratePerSecond,
    eventStreamMaxLength: config.eventStreamMaxLength,
    registryRetentionMs: config.registryRetentionMs,
    redisConnectTimeoutMs: config.redisConnectTimeoutMs,
    lockDurationMs: config.lockDurationMs,
    stalledIntervalMs: config.stalledIntervalMs,
    sweep: config.sweep,
    fleet: config.fleet,
    readyTime: config.readyTime,
  });
  logger.info(
    {
      redis: describeRedisTarget(redisTargetOf(config.redisUrl, config.redisClusterNodes)),
      crun: config.baseUrl,
      queue: `${config.location.prefix}:${config.location.queueName}`,
      partitions: `${tracker.partitions.join(',')} of ${tracker.topology.partitions.length}`,
      partitionPrefixes: tracker.partitions.map(
        (index) => tracker.topology.partitions[index]?.prefix,
      ),
      concurrency: config.concurrency,
      ratePerSecond: config.ratePerSecond,
    },
    'worker started',
  );
  warnOfThinBudget(config, logger);
  const ops = await serveOps(config, tracker, logger);

  const shutDown = async (signal: string) => {
    logger.info({ signal }, 'worker stopping');
    await tracker.close(config.shutdownTimeoutMs);
    await ops?.close();
    logger.info('worker stopped');
    exitSoon();
  };
  process.once('SIGTERM', () => void shutDown('SIGTERM'));
  process.once('SIGINT', () => void shutDown('SIGINT'));

  return tracker;
}

/**
 * Everything is closed by now, so the process would end by itself, except
 * that after a Redis Cluster failover BullMQ can leave a reconnection timer
 * behind; it must not keep a stopped worker alive. Unref'd: a process that
 * ends sooner is not held up.
 */
function exitSoon(): void {
  setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
}

const EXIT_GRACE_MS = 1_000;

/**
 * The read budget is shared out evenly among the partitions, and BullMQ's
 * limiter paces a partition smoothly only with a few reads per second.
 * Below that each partition still gets its floor of about 2 reads per
 * second, so the fleet may read faster than the budget says.
 */
function warnOfThinBudget(config: WorkerConfig, logger: Logger): void {
  const share = config.ratePerSecond / config.partitions;
  if (config.ratePerSecond > 0 && share < MIN_READS_PER_PARTITION) {
    logger.warn(
      { ratePerSecond: config.ratePerSecond, partitions: config.partitions },
      `each partition gets ${share.toFixed(1)} reads/s of the budget; keep ` +
        `API_RATE_LIMIT_PER_SECOND at ${MIN_READS_PER_PARTITION} × CRUN_PARTITIONS or more`,
    );
  }
}

const MIN_READS_PER_PARTITION = 4;

async function serveOps(
  config: WorkerConfig,
  tracker: TrackingWorker,
  logger: Logger,
): Promise<OpsServer | undefined> {
  if (config.ops.port === 0) {
    return undefined;
  }

  try {
    const ops = await startOpsServer(
      config.ops.host,
      config.ops.port,
      tracker.metrics.registry,
      tracker.health,
    );
    logger.info({ url: ops.url }, 'serving /metrics, /healthz and /readyz');
    return ops;
  } catch (error) {
    // Checks matter more than their metrics: keep working, say so loudly.
    const message = error instanceof Error ? error.message : String(error);
    logger.error({ error: message }, 'ops endpoints unavailable; set OPS_PORT');
    return undefined;
  }
}
