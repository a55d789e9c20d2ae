import {
  readSettings,
  SHARED_SETTINGS,
  type TrackingLocation,
  trackingTargetOf,
} from '@crun/tracking';
import { z } from 'zod';

const ENV_SCHEMA = z.object({
  ...SHARED_SETTINGS,
  INTAKE_TOKEN: z
    .string({ error: 'not set; the intake refuses to run without a token' })
    .trim()
    .min(1),
  INTAKE_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  INTAKE_HOST: z.string().min(1).default('127.0.0.1'),
  INTAKE_MAX_ITEMS: z.coerce.number().int().positive().max(100_000).default(1000),
  INTAKE_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 * 1024),
});

/** The intake's settings, read from the environment. */
export interface IntakeConfig {
  token: string;
  port: number;
  host: string;
  maxItems: number;
  bodyLimitBytes: number;
  redisUrl: string;
  /** A Redis Cluster's nodes; when set, `redisUrl` is unused. */
  redisClusterNodes: readonly string[] | undefined;
  location: TrackingLocation;
  partitions: number;
  /** As the workers', for the `asset.cancelled` notices `DELETE /v1/assets/:id` publishes. */
  eventStreamMaxLength: number;
  /** As the workers', in ms. */
  registryRetentionMs: number;
  /** Absent: `POST /v1/uploads` answers 501. */
  crun: { apiKey: string; baseUrl: string; timeoutMs: number } | undefined;
  logLevel: string;
}

/**
 * Reads and checks the settings; throws one error naming every bad one. The
 * messages name settings, never their values, so no secret reaches a log.
 */
export function readIntakeConfig(env: NodeJS.ProcessEnv = process.env): IntakeConfig {
  const settings = readSettings(ENV_SCHEMA, env);
  const target = trackingTargetOf(settings);
  return {
    token: settings.INTAKE_TOKEN,
    port: settings.INTAKE_PORT,
    host: settings.INTAKE_HOST,
    maxItems: settings.INTAKE_MAX_ITEMS,
    bodyLimitBytes: settings.INTAKE_BODY_LIMIT_BYTES,
    redisUrl: target.redisUrl,
    redisClusterNodes: target.redisClusterNodes,
    location: target.location,
    partitions: target.partitions,
    eventStreamMaxLength: settings.EVENT_STREAM_MAX_LENGTH,
    registryRetentionMs: settings.REGISTRY_RETENTION_MS,
    crun: settings.CRUN_API_KEY
      ? {
          apiKey: settings.CRUN_API_KEY,
          baseUrl: settings.CRUN_BASE_URL,
          timeoutMs: settings.CRUN_REQUEST_TIMEOUT_MS,
        }
      : undefined,
    logLevel: settings.LOG_LEVEL,
  };
}
