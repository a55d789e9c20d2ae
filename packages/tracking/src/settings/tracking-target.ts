import { z } from 'zod';

import type { TrackingLocation } from '../tracking-keys.js';
import { readSettings } from './read-settings.js';
import { TRACKING_TARGET_SETTINGS } from './shared-settings.js';

/**
 * The Redis and queue location named by `REDIS_URL`, `CRUN_PREFIX` and
 * `CRUN_QUEUE`, for the command-line tools. Throws `ConfigError`.
 */
export function readTrackingTarget(env: NodeJS.ProcessEnv = process.env): {
  redisUrl: string;
  location: TrackingLocation;
} {
  const settings = readSettings(z.object(TRACKING_TARGET_SETTINGS), env);
  return {
    redisUrl: settings.REDIS_URL,
    location: { prefix: settings.CRUN_PREFIX, queueName: settings.CRUN_QUEUE },
  };
}
