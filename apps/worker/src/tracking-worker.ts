import type { CrunClient } from '@crun/api';
import {
  claimLayout,
  createRedisConnection,
  duplicateClient,
  EventPublisher,
  isClientReady,
  openTrackingQueue,
  type RedisClient,
  redisTargetOf,
  type StoredJobData,
  TRACKING_JOB_RETENTION,
  type TrackingLocation,
  TrackingTopology,
  waitForRedis,
} from '@crun/tracking';
import type { Queue } from 'bullmq';
import { Worker } from 'bullmq';

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
import { watchForStalls } from './stall-watch.js';
import { type SweepOptions, type SweepService, startSweep } from './sweep/sweep-service.js';
import type { TrackingPolicy } from './tracking-policy.js';
import {
  CLOSE_GRACE_MS,
  type CloseOutcome,
  closeWithin,
  logCloseOutcomes,
  logUnexpected,
  observe,
  settlesWithin,
} from './worker-lifecycle.js';

export interface TrackingWorkerOptions {
  /** The Redis that holds the queue, e.g. `redis://127.0.0.1:6379`. */
  redisUrl: string;
  /** Some nodes of a Redis Cluster (`host:port` or URLs); when given, `redisUrl` is unused. */
  redisClusterNodes?: readonly string[] | undefined;
  client: CrunClient;
  location: TrackingLocation;
  /** How many queues the tracking is spread over; must match the producers'. @default 1 */
  partitions?: number | undefined;
  /** The partitions this process serves, by index. @default every one */
  servePartitions?: readonly number[] | undefined;
  policy: TrackingPolicy;
  logger: Logger;
  /** Status reads in flight at once in this process, shared out among its partitions. */
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
  /** One BullMQ worker per partition served, in the order of `partitions`. */
  readonly workers: readonly Worker<StoredJobData, void, string>[];
  /** Where the keys live, and which partitions this process serves. */
  readonly topology: TrackingTopology;
  readonly partitions: readonly number[];
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
 * Starts a worker that tracks assets until they resolve: one BullMQ worker
 * per partition it serves, sharing one read budget, one set of fleet
 * reactions and one store of review times with every other worker process.
 * Rejects with one clear error when Redis cannot be reached within 10
 * seconds, or when the key layout cannot work (see `TrackingTopology`).
 */
export async function startTrackingWorker(options: TrackingWorkerOptions): Promise<TrackingWorker> {
  const target = redisTargetOf(options.redisUrl, options.redisClusterNodes);
  const topology = new TrackingTopology(options.location, {
    partitions: options.partitions,
    cluster: typeof target !== 'string',
  });
  const served = servedPartitions(topology, options.servePartitions);

  const connection = createRedisConnection(target, 'worker');
  try {
    await waitForRedis(connection, target, options.redisConnectTimeoutMs);
    await claimLayout(connection, topology);
  } catch (error) {
    connection.disconnect();
    throw error;
  }

  watchRedisConnection(connection, options.logger);
  const commands = duplicateClient(connection);
  // Opened as the producer opens them, so both write the same queue settings.
  const queues = topology.partitions.map((location) => {
    const queue = openTrackingQueue(commands, location);
    queue.on('error', (error) => logUnexpected(options.logger, 'queue error', error));
    return queue;
  });
  const fleet = new FleetControl({
    ...DEFAULT_FLEET_POLICY,
    ...options.fleet,
    queues,
    redis: commands,
    location: topology.home,
    logger: options.logger,
    ratePerSecond: options.ratePerSecond,
  });
  await fleet.start();

  const readyTimes = new ReadyTimeStore(commands, topology.home, {
    ...DEFAULT_READY_TIME_POLICY,
    ...options.readyTime,
  });
  await readyTimes.start((error) => {
    const message = error instanceof Error ? error.message : String(error);
    options.logger.warn({ error: message }, 'could not reload observed review times');
  });

  const metrics = new WorkerMetrics(
    served.map((index) => ({ partition: index, queue: queues[index] as Queue })),
    fleet,
  );
  const shared: SharedParts = {
    connection,
    commands,
    fleet,
    readyTimes,
    metrics,
    partitionCount: topology.partitions.length,
  };
  const partitions = await Promise.all(
    served.map((index) =>
      startPartition(options, shared, {
        location: topology.partitions[index] as TrackingLocation,
        queue: queues[index] as Queue,
        concurrency: Math.max(1, Math.ceil(options.concurrency / served.length)),
      }),
    ),
  );

  return {
    get workers() {
      return partitions.map((partition) => partition.worker());
    },
    topology,
    partitions: served,
    metrics,
    health: {
      redisReady: () => isClientReady(connection) && isClientReady(commands),
      workerRunning: () => partitions.every((partition) => partition.worker().isRunning()),
      accountPaused: async () => (await fleet.snapshot()).accountPaused,
    },
    async close(timeoutMs = 10_000) {
      fleet.stop();
      readyTimes.stop();
      const outcomes = await Promise.all(partitions.map((partition) => partition.close(timeoutMs)));
      logCloseOutcomes(outcomes.flat(), timeoutMs, options.logger);
      await settlesWithin(Promise.all(queues.map((queue) => queue.close())), CLOSE_GRACE_MS);
      commands.disconnect();
      connection.disconnect();
    },
  };
}

/** What every partition of a worker process shares. */
interface SharedParts {
  connection: RedisClient;
  commands: RedisClient;
  fleet: FleetControl;
  readyTimes: ReadyTimeStore;
  metrics: WorkerMetrics;
  /** Partitions of the whole tracking, served here or not. */
  partitionCount: number;
}

interface PartitionWorker {
  /** The partition's BullMQ worker; the stall watch may replace it. */
  worker(): Worker<StoredJobData, void, string>;
  close(timeoutMs: number): Promise<CloseOutcome[]>;
}

/** The BullMQ worker, event publisher, sweep and stall watch of one partition. */
async function startPartition(
  options: TrackingWorkerOptions,
  shared: SharedParts,
  partition: { location: TrackingLocation; queue: Queue; concurrency: number },
): Promise<PartitionWorker> {
  const { location, queue } = partition;
  const publisher = new EventPublisher(shared.commands, location, options.eventStreamMaxLength, {
    registryRetentionMs: options.registryRetentionMs,
  });
  const check = createAssetCheck({
    client: options.client,
    publisher,
    fleet: shared.fleet,
    metrics: shared.metrics,
    readyTimes: shared.readyTimes,
    policy: options.policy,
    logger: options.logger,
    saveData: jobDataSaver(shared.connection, location),
    random: options.random,
  });

  let lastStartedAt = Date.now();
  const startWorker = () => {
    const started = new Worker<StoredJobData, void, string>(
      location.queueName,
      (job, token) => {
        lastStartedAt = Date.now();
        return check(job, token);
      },
      {
        connection: shared.connection,
        prefix: location.prefix,
        concurrency: partition.concurrency,
        maxStalledCount: MAX_STALLED_COUNT,
        ...TRACKING_JOB_RETENTION,
        ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
        ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
      },
    );
    observe(started, options.logger);
    return started;
  };

  let worker = startWorker();
  const sweep = await startSweepIfAsked(options, shared, { location, publisher, queue });
  const lockMs = options.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS;
  const stallWatch = watchForStalls(
    {
      queue,
      redis: shared.commands,
      lastStartedAt: () => lastStartedAt,
      holdsBack: async () => worker.isPaused() || (await isHeldBack(queue, shared.fleet)),
      async restart() {
        const stalled = worker;
        worker = startWorker();
        lastStartedAt = Date.now();
        await closeWithin(stalled, CLOSE_GRACE_MS);
      },
    },
    Math.max(MIN_STALL_MS, lockMs * 3),
    options.logger,
  );

  return {
    worker: () => worker,
    async close(timeoutMs) {
      stallWatch.stop();
      const [tracking, sweeping] = await Promise.all([
        closeWithin(worker, timeoutMs),
        sweep?.close(timeoutMs),
      ]);
      return sweeping ? [tracking, sweeping] : [tracking];
    },
  };
}

/** BullMQ's default lock duration, which a worker without `lockDurationMs` gets. */
const DEFAULT_LOCK_DURATION_MS = 30_000;

/** A partition's loop counts as stalled after due work waited this long, at least. */
const MIN_STALL_MS = 15_000;

/** Whether reads are held back on purpose: a fleet pause, a rate limit, an account fault. */
async function isHeldBack(queue: Queue, fleet: FleetControl): Promise<boolean> {
  const [pausedForMs, snapshot] = await Promise.all([queue.getRateLimitTtl(), fleet.snapshot()]);
  return pausedForMs > 0 || snapshot.accountPaused || snapshot.breakerOpen;
}

/** The partition indexes to serve, checked against the topology. */
function servedPartitions(
  topology: TrackingTopology,
  asked: readonly number[] | undefined,
): number[] {
  const count = topology.partitions.length;
  if (asked === undefined) {
    return Array.from({ length: count }, (_, index) => index);
  }

  const unknown = asked.filter((index) => !Number.isInteger(index) || index < 0 || index >= count);
  if (unknown.length > 0 || asked.length === 0) {
    throw new RangeError(
      `partitions to serve must be indexes from 0 to ${count - 1}, ` +
        `got ${asked.join(',') || 'none'}`,
    );
  }

  return [...new Set(asked)].sort((a, b) => a - b);
}

function startSweepIfAsked(
  options: TrackingWorkerOptions,
  shared: SharedParts,
  partition: { location: TrackingLocation; publisher: EventPublisher; queue: Queue },
): Promise<SweepService | undefined> {
  if (!options.sweep) {
    return Promise.resolve(undefined);
  }

  // Each partition sweeps its own ready assets: the batch is shared out, so
  // the fleet re-reads about as many per interval as with one partition.
  const { batch } = options.sweep;
  const share = batch > 0 ? Math.ceil(batch / shared.partitionCount) : 0;
  return startSweep(
    shared.connection,
    { ...options.sweep, batch: share },
    {
      client: options.client,
      redis: shared.commands,
      location: partition.location,
      publisher: partition.publisher,
      fleet: shared.fleet,
      trackingQueue: partition.queue,
      logger: options.logger,
      timelineLength: options.policy.timelineLength,
    },
  );
}
