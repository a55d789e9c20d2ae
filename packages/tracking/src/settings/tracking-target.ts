import { z } from 'zod';

import { type RedisTarget, redisTargetOf } from '../redis-connection.js';
import { TopologyError, TrackingTopology } from '../topology/tracking-topology.js';
import type { TrackingLocation } from '../tracking-keys.js';
import { ConfigError, readSettings } from './read-settings.js';
import { TRACKING_TARGET_SETTINGS } from './shared-settings.js';

const TARGET_SCHEMA = z.object(TRACKING_TARGET_SETTINGS);

/** Where the tracker lives, as the settings name it. */
export interface TrackingTarget {
  /** A single Redis's URL or a cluster's nodes. */
  redis: RedisTarget;
  /** `REDIS_URL`, unused when `REDIS_CLUSTER_NODES` is set. */
  redisUrl: string;
  redisClusterNodes: readonly string[] | undefined;
  /** The home location: `CRUN_PREFIX` and `CRUN_QUEUE`. */
  location: TrackingLocation;
  /** `CRUN_PARTITIONS`. */
  partitions: number;
  topology: TrackingTopology;
}

/**
 * The Redis and key layout named by `REDIS_URL` or `REDIS_CLUSTER_NODES`,
 * `CRUN_PREFIX`, `CRUN_QUEUE` and `CRUN_PARTITIONS`. Throws `ConfigError`,
 * also for a layout a cluster would refuse.
 */
export function trackingTargetOf(settings: z.output<typeof TARGET_SCHEMA>): TrackingTarget {
  const location = { prefix: settings.CRUN_PREFIX, queueName: settings.CRUN_QUEUE };
  const redis = redisTargetOf(settings.REDIS_URL, settings.REDIS_CLUSTER_NODES);

  try {
    const topology = new TrackingTopology(location, {
      partitions: settings.CRUN_PARTITIONS,
      cluster: typeof redis !== 'string',
    });
    return {
      redis,
      redisUrl: settings.REDIS_URL,
      redisClusterNodes: settings.REDIS_CLUSTER_NODES,
      location,
      partitions: settings.CRUN_PARTITIONS,
      topology,
    };
  } catch (error) {
    if (error instanceof TopologyError) {
      throw new ConfigError([`CRUN_PREFIX: ${error.message}`]);
    }

    throw error;
  }
}

/** `trackingTargetOf` the environment, for the command-line tools. */
export function readTrackingTarget(env: NodeJS.ProcessEnv = process.env): TrackingTarget {
  return trackingTargetOf(readSettings(TARGET_SCHEMA, env));
}
