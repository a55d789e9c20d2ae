import { DEFAULT_BASE_URL } from '@crun/api';
import { z } from 'zod';

import { DEFAULT_REGISTRY_RETENTION_MS } from '../registry/registry-keys.js';
import { MAX_PARTITIONS } from '../topology/partition-prefix.js';
import { DEFAULT_PREFIX, TRACKING_QUEUE_NAME } from '../tracking-keys.js';

/** Where the tracker lives: the settings every app and CLI reads alike. */
export const TRACKING_TARGET_SETTINGS = {
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  /** Comma-separated nodes of a Redis Cluster; when set, REDIS_URL is unused. */
  REDIS_CLUSTER_NODES: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((node) => node.trim())
        .filter((node) => node !== ''),
    )
    .pipe(
      z
        .array(
          z
            .string()
            .regex(
              /^(rediss?:\/\/)?[^\s/,]+:\d+\/?$/,
              'must be host:port or redis:// URLs, comma-separated',
            ),
        )
        .min(1),
    )
    .optional(),
  CRUN_PREFIX: z.string().min(1).default(DEFAULT_PREFIX),
  CRUN_QUEUE: z.string().min(1).default(TRACKING_QUEUE_NAME),
  CRUN_PARTITIONS: z.coerce.number().int().min(1).max(MAX_PARTITIONS).default(1),
};

/**
 * The settings the worker and the intake share, with the same defaults, so
 * the two never disagree on a key, a URL or a retention.
 */
export const SHARED_SETTINGS = {
  ...TRACKING_TARGET_SETTINGS,
  CRUN_API_KEY: z.string().trim().min(1).optional(),
  CRUN_BASE_URL: z.url({ protocol: /^https?$/ }).default(DEFAULT_BASE_URL),
  CRUN_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  EVENT_STREAM_MAX_LENGTH: z.coerce.number().int().positive().default(100_000),
  REGISTRY_RETENTION_MS: z.coerce.number().int().positive().default(DEFAULT_REGISTRY_RETENTION_MS),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};
