import type { RedisClient } from '../redis-client.js';
import type { TrackingLocation } from '../tracking-keys.js';
import { TopologyError, type TrackingTopology } from './tracking-topology.js';

/** Where the fleet records its partition count, under the home location. */
export function layoutKey(home: TrackingLocation): string {
  return `${home.prefix}:${home.queueName}:crun-layout`;
}

/**
 * Records the topology's partition count for its home location, or checks
 * it against the one recorded. A producer that routed assets over 4
 * partitions while the workers served 6 would leave most of them in queues
 * no worker reads, silently; this turns that into an error at start.
 * Throws `TopologyError` on a mismatch.
 */
export async function claimLayout(redis: RedisClient, topology: TrackingTopology): Promise<void> {
  const key = layoutKey(topology.home);
  const count = topology.partitions.length;
  await redis.set(key, String(count), 'NX');

  const recorded = Number(await redis.get(key));
  if (recorded !== count) {
    const { prefix, queueName } = topology.home;
    throw new TopologyError(
      `CRUN_PARTITIONS is ${count}, but the tracker at ${prefix}:${queueName} runs with ` +
        `${recorded} partitions; every producer, worker and subscriber must use the same ` +
        'count. To change it, start the new count under a new CRUN_PREFIX (see the README), ' +
        `or, once every queue is empty, delete the key ${key}`,
    );
  }
}
