import { DEFAULT_BASE_URL } from '@crun/api';
import { DEFAULT_PREFIX, TRACKING_QUEUE_NAME, type TrackingLocation } from '@crun/tracking';
import { z } from 'zod';

const ENV_SCHEMA = z.object({
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
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  CRUN_PREFIX: z.string().min(1).default(DEFAULT_PREFIX),
  CRUN_QUEUE: z.string().min(1).default(TRACKING_QUEUE_NAME),
  CRUN_API_KEY: z.string().trim().min(1).optional(),
  CRUN_BASE_URL: z.url({ protocol: /^https?$/ }).default(DEFAULT_BASE_URL),
  CRUN_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  EVENT_STREAM_MAX_LENGTH: z.coerce.number().int().positive().default(100_000),
  REGISTRY_RETENTION_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(7 * 24 * 3600_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** The intake's settings, read from the environment. */
export interface IntakeConfig {
  token: string;
  port: number;
  host: string;
  maxItems: number;
  bodyLimitBytes: number;
  redisUrl: string;
  location: TrackingLocation;
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
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = ENV_SCHEMA.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }

  const settings = parsed.data;
  return {
    token: settings.INTAKE_TOKEN,
    port: settings.INTAKE_PORT,
    host: settings.INTAKE_HOST,
    maxItems: settings.INTAKE_MAX_ITEMS,
    bodyLimitBytes: settings.INTAKE_BODY_LIMIT_BYTES,
    redisUrl: settings.REDIS_URL,
    location: { prefix: settings.CRUN_PREFIX, queueName: settings.CRUN_QUEUE },
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
