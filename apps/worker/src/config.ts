import { existsSync } from 'node:fs';

import {
  ConfigError,
  readSettings,
  SHARED_SETTINGS,
  type TrackingLocation,
  trackingTargetOf,
} from '@crun/tracking';
import { z } from 'zod';

import { DEFAULT_FLEET_POLICY, type FleetPolicy } from './fleet/fleet-control.js';
import { DEFAULT_READY_TIME_POLICY, type ReadyTimePolicy } from './ready-time/ready-time-store.js';
import { DEFAULT_SWEEP_OPTIONS, type SweepOptions } from './sweep/sweep-service.js';
import type { TrackingPolicy } from './tracking-policy.js';

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const count = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

/**
 * Every setting the worker reads from the environment, with its default.
 * Durations are in milliseconds.
 */
const ENV_SCHEMA = z.object({
  ...SHARED_SETTINGS,
  WORKER_CONCURRENCY: z.coerce.number().int().positive().max(1000).default(20),
  WORKER_PARTITIONS: z
    .string()
    .regex(/^(all|\d+(-\d+)?(,\d+(-\d+)?)*)$/, "must be 'all' or indexes like 0,2,4-7")
    .default('all'),
  API_RATE_LIMIT_PER_SECOND: count(20),
  POLL_INITIAL_DELAY_MS: ms(5_000),
  POLL_BACKOFF_FACTOR: z.coerce.number().min(1).max(10).default(2),
  POLL_MAX_DELAY_MS: ms(5 * 60_000),
  POLL_JITTER: z.coerce.number().min(0).max(1).default(0.1),
  RETRY_INITIAL_DELAY_MS: ms(1_000),
  RETRY_MAX_DELAY_MS: ms(60_000),
  TRACKING_DEADLINE_MS: ms(24 * 3600_000),
  TIMELINE_LENGTH: z.coerce.number().int().min(0).max(32).default(8),
  SWEEP_EVERY_MS: count(DEFAULT_SWEEP_OPTIONS.everyMs),
  SWEEP_BATCH: z.coerce.number().int().min(0).max(1000).default(DEFAULT_SWEEP_OPTIONS.batch),
  READY_TIME_SCHEDULING: z.enum(['on', 'off']).default('on'),
  READY_TIME_QUANTILE: z.coerce.number().gt(0).lt(1).default(DEFAULT_READY_TIME_POLICY.quantile),
  READY_TIME_MIN_SAMPLES: z.coerce
    .number()
    .int()
    .positive()
    .default(DEFAULT_READY_TIME_POLICY.minSamples),
  SHUTDOWN_TIMEOUT_MS: ms(10_000),
  REDIS_CONNECT_TIMEOUT_MS: ms(10_000),
  WORKER_LOCK_DURATION_MS: ms(30_000),
  WORKER_STALLED_INTERVAL_MS: ms(30_000),
  ACCOUNT_PROBE_INTERVAL_MS: ms(DEFAULT_FLEET_POLICY.accountProbeIntervalMs),
  RATE_LIMIT_PAUSE_MS: ms(DEFAULT_FLEET_POLICY.rateLimitPauseMs),
  BUDGET_WINDOW_MS: ms(DEFAULT_FLEET_POLICY.budgetWindowMs),
  BREAKER_THRESHOLD: z.coerce
    .number()
    .int()
    .positive()
    .default(DEFAULT_FLEET_POLICY.breaker.threshold),
  BREAKER_OPEN_MS: ms(DEFAULT_FLEET_POLICY.breaker.initialOpenMs),
  BREAKER_MAX_OPEN_MS: ms(DEFAULT_FLEET_POLICY.breaker.maxOpenMs),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  OPS_HOST: z.string().min(1).default('127.0.0.1'),
  OPS_PORT: z.coerce.number().int().min(0).max(65_535).default(9464),
});

/** The names of every environment variable the worker reads. */
export const WORKER_SETTINGS: readonly string[] = Object.keys(ENV_SCHEMA.shape);

export interface WorkerConfig {
  redisUrl: string;
  /** A Redis Cluster's nodes; when set, `redisUrl` is unused. */
  redisClusterNodes: readonly string[] | undefined;
  /** Absent when no key is configured; the worker cannot start without one. */
  apiKey: string | undefined;
  baseUrl: string;
  requestTimeoutMs: number;
  location: TrackingLocation;
  /** How many queues the tracking is spread over; producers must agree. */
  partitions: number;
  /** The partitions this process serves; absent for all. */
  servePartitions: number[] | undefined;
  concurrency: number;
  ratePerSecond: number;
  policy: TrackingPolicy;
  eventStreamMaxLength: number;
  /** How long a finished asset's record stays readable, in ms. */
  registryRetentionMs: number;
  shutdownTimeoutMs: number;
  redisConnectTimeoutMs: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** The re-validation sweep of ready assets; 0 in either turns it off. */
  sweep: SweepOptions;
  fleet: FleetPolicy;
  /** Early reads paced by the review times the fleet has observed. */
  readyTime: ReadyTimePolicy;
  logLevel: string;
  /** `pretty` for people, `json` for collectors; `auto` picks pretty on a terminal. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** Where `/metrics`, `/healthz` and `/readyz` are served; port 0 turns them off. */
  ops: { host: string; port: number };
}

export { ConfigError };

/** Reads and checks the settings; throws one `ConfigError` naming every bad one. */
export function readWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const settings = readSettings(ENV_SCHEMA, env);
  const target = trackingTargetOf(settings);
  const servePartitions = partitionList(settings.WORKER_PARTITIONS);
  const outOfRange = servePartitions?.filter((index) => index >= settings.CRUN_PARTITIONS) ?? [];
  if (outOfRange.length > 0) {
    throw new ConfigError([
      `WORKER_PARTITIONS: ${outOfRange.join(',')} not below ` +
        `CRUN_PARTITIONS (${settings.CRUN_PARTITIONS})`,
    ]);
  }

  if (servePartitions?.length === 0) {
    throw new ConfigError([
      'WORKER_PARTITIONS: names no partition (a range runs low to high, e.g. 3-5)',
    ]);
  }

  return {
    redisUrl: settings.REDIS_URL,
    redisClusterNodes: target.redisClusterNodes,
    apiKey: settings.CRUN_API_KEY,
    baseUrl: settings.CRUN_BASE_URL,
    requestTimeoutMs: settings.CRUN_REQUEST_TIMEOUT_MS,
    location: target.location,
    partitions: settings.CRUN_PARTITIONS,
    servePartitions,
    concurrency: settings.WORKER_CONCURRENCY,
    ratePerSecond: settings.API_RATE_LIMIT_PER_SECOND,
    policy: {
      poll: {
        initialDelayMs: settings.POLL_INITIAL_DELAY_MS,
        factor: settings.POLL_BACKOFF_FACTOR,
        maxDelayMs: settings.POLL_MAX_DELAY_MS,
        jitter: settings.POLL_JITTER,
      },
      retry: {
        initialDelayMs: settings.RETRY_INITIAL_DELAY_MS,
        factor: 2,
        maxDelayMs: settings.RETRY_MAX_DELAY_MS,
        jitter: 0.2,
      },
      deadlineMs: settings.TRACKING_DEADLINE_MS,
      timelineLength: settings.TIMELINE_LENGTH,
    },
    eventStreamMaxLength: settings.EVENT_STREAM_MAX_LENGTH,
    registryRetentionMs: settings.REGISTRY_RETENTION_MS,
    shutdownTimeoutMs: settings.SHUTDOWN_TIMEOUT_MS,
    redisConnectTimeoutMs: settings.REDIS_CONNECT_TIMEOUT_MS,
    lockDurationMs: settings.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: settings.WORKER_STALLED_INTERVAL_MS,
    sweep: { everyMs: settings.SWEEP_EVERY_MS, batch: settings.SWEEP_BATCH },
    fleet: {
      accountProbeIntervalMs: settings.ACCOUNT_PROBE_INTERVAL_MS,
      budgetWindowMs: settings.BUDGET_WINDOW_MS,
      rateLimitPauseMs: settings.RATE_LIMIT_PAUSE_MS,
      breaker: {
        threshold: settings.BREAKER_THRESHOLD,
        initialOpenMs: settings.BREAKER_OPEN_MS,
        maxOpenMs: settings.BREAKER_MAX_OPEN_MS,
      },
    },
    readyTime: {
      ...DEFAULT_READY_TIME_POLICY,
      enabled: settings.READY_TIME_SCHEDULING === 'on',
      quantile: settings.READY_TIME_QUANTILE,
      minSamples: settings.READY_TIME_MIN_SAMPLES,
    },
    logLevel: settings.LOG_LEVEL,
    logFormat: settings.LOG_FORMAT,
    ops: { host: settings.OPS_HOST, port: settings.OPS_PORT },
  };
}

/** `all` as undefined; `0,2,4-6` as [0, 2, 4, 5, 6]. */
function partitionList(setting: string): number[] | undefined {
  if (setting === 'all') {
    return undefined;
  }

  return setting.split(',').flatMap((part) => {
    const [first, last = first] = part.split('-').map(Number) as [number, number?];
    return Array.from({ length: Math.max(0, last - first + 1) }, (_, offset) => first + offset);
  });
}

/**
 * Loads `.env` from the working directory, if there is one, for local runs.
 * Variables already set in the environment win.
 */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) {
    process.loadEnvFile(path);
  }
}
