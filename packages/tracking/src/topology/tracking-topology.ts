import keySlot from 'cluster-key-slot';

import { groupBy } from '../group-by.js';
import type { TrackingLocation } from '../tracking-keys.js';
import { explainClusterUnsafePrefix } from './cluster-safety.js';
import { MAX_PARTITIONS, partitionPrefix } from './partition-prefix.js';

export interface TopologyOptions {
  /** How many queues share the tracking. @default 1 */
  partitions?: number | undefined;
  /** Whether the keys live in a Redis Cluster, which requires a tagged prefix. @default false */
  cluster?: boolean | undefined;
}

/**
 * Where a tracker's keys live: one location (prefix and queue) per partition,
 * plus a home location for what the whole fleet shares (the read budget,
 * the account flag, the observed review times).
 *
 * With one partition the partition is the home location itself, so a tracker
 * that never asked for partitions keeps the keys it always had. With more,
 * each partition's prefix carries a hash tag of its own (see
 * `partitionPrefix`), so in a Redis Cluster the partitions land on different
 * shards, while each keeps all of its own keys in one slot.
 *
 * An asset always belongs to partition `CLUSTER KEYSLOT(assetId) mod N`:
 * stable, computable by any Redis client, and so the same ID always meets
 * its own job, record and events.
 */
export class TrackingTopology {
  readonly home: TrackingLocation;
  readonly partitions: readonly TrackingLocation[];
  readonly cluster: boolean;

  constructor(home: TrackingLocation, options: TopologyOptions = {}) {
    const count = options.partitions ?? 1;
    assertTopology(home, count, options.cluster ?? false);

    this.home = home;
    this.cluster = options.cluster ?? false;
    this.partitions =
      count === 1
        ? [home]
        : Array.from({ length: count }, (_, index) => ({
            prefix: partitionPrefix(home.prefix, index, count),
            queueName: home.queueName,
          }));
  }

  /** The index of the partition that tracks `assetId`. */
  partitionIndexOf(assetId: string): number {
    return this.partitions.length === 1 ? 0 : keySlot(assetId) % this.partitions.length;
  }

  /** The location of the partition that tracks `assetId`. */
  locationOf(assetId: string): TrackingLocation {
    return this.partitions[this.partitionIndexOf(assetId)] as TrackingLocation;
  }

  /** `items` grouped by the partition of their asset, in their order within each. */
  groupByPartition<T>(items: readonly T[], assetIdOf: (item: T) => string): Map<number, T[]> {
    return groupBy(items, (item) => this.partitionIndexOf(assetIdOf(item)));
  }
}

/** A topology of one partition at `location`: how a tracker without partitions is laid out. */
export function singleTopology(location: TrackingLocation): TrackingTopology {
  return new TrackingTopology(location);
}

function assertTopology(home: TrackingLocation, count: number, cluster: boolean): void {
  if (!Number.isInteger(count) || count < 1 || count > MAX_PARTITIONS) {
    throw new RangeError(
      `partitions must be a whole number from 1 to ${MAX_PARTITIONS}, got ${count}`,
    );
  }

  const problem = cluster ? explainClusterUnsafePrefix(home.prefix) : undefined;
  if (problem) {
    throw new TopologyError(problem);
  }
}

/** A topology that cannot work, e.g. a cluster prefix that would hit CROSSSLOT. */
export class TopologyError extends Error {
  override name = 'TopologyError';
}
