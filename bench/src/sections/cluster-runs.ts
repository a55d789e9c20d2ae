import { startTestCluster, type TestCluster } from '@crun/test-redis';
import { type TrackingLocation, TrackingTopology } from '@crun/tracking';

import type { BenchEnv } from '../bench-env.js';
import { alternate } from '../fleet/alternate.js';
import type { CheckWindow } from '../fleet/check-window.js';
import { childConfig } from '../fleet/variants.js';
import { WorkerFleet } from '../fleet/worker-fleet.js';
import type { BenchOptions } from '../options.js';
import { type ClusterCounters, clusterCounters } from '../redis/cluster-counters.js';
import { addProcessingAssets, assetIds } from '../workload/asset-ids.js';
import { enqueueOurs } from '../workload/enqueue.js';

/** The two layouts compared: every asset in one queue, or spread over partitions. */
export type ClusterLayout = 'one-queue' | 'partitions';

export const CLUSTER_MASTERS = 3;
export const CLUSTER_PROCESSES = 2;
/** Two partitions per shard: the topology's slot bands put each pair on one master. */
export const CLUSTER_PARTITIONS = 6;
/**
 * Checks in flight per process. A worker shares its concurrency out evenly
 * among the partitions it serves, rounding up; a multiple of the partition
 * count keeps both layouts at the same total.
 */
export const CLUSTER_CONCURRENCY = 24;
/** Assets that stay Processing, per layout: plenty for 2 × 24 in flight. */
export const CLUSTER_POOL = 2_000;

const PREFIX = '{bench}';
/** Series of asset IDs not used by the other sections, so no layout meets another's records. */
const SERIES: Record<ClusterLayout, number> = { 'one-queue': 31, partitions: 32 };

export interface ClusterRun {
  /** Each master's slot ranges, as `0-5460`, in slot order. */
  shards: string[];
  /** Per layout: the median window, and how many of its queues each shard holds. */
  layouts: Map<ClusterLayout, { window: CheckWindow; queuesPerShard: number[] }>;
}

/**
 * Starts a cluster of three masters without replicas (a replica only adds
 * replication work on this shared machine, and no failover is measured),
 * one fleet per layout over assets of its own, and measures them in turns.
 * Redis counters come from every master, kept apart per shard.
 */
export async function runClusterLayouts(env: BenchEnv, options: BenchOptions): Promise<ClusterRun> {
  const cluster = await startTestCluster({ masters: CLUSTER_MASTERS, replicasPerMaster: 0 });
  const fleets = new Map<ClusterLayout, WorkerFleet>();
  let counters: ClusterCounters | undefined;

  try {
    const masters = await cluster.masters();
    counters = clusterCounters(masters.map((master) => master.port));
    const nodes = cluster.nodes.map((node) => `${node.host}:${node.port}`);
    const queuesPerShard = new Map<ClusterLayout, number[]>();

    for (const layout of Object.keys(SERIES) as ClusterLayout[]) {
      const partitions = layout === 'partitions' ? CLUSTER_PARTITIONS : 1;
      const location = { prefix: PREFIX, queueName: `cluster-${layout}` };
      const ids = assetIds(CLUSTER_POOL, SERIES[layout]);
      addProcessingAssets(env.sim, ids);
      await enqueueOurs(env.redis.url, location, ids, { redisClusterNodes: nodes, partitions });
      queuesPerShard.set(layout, await countQueuesPerShard(cluster, location, partitions));

      const fleet = await WorkerFleet.start(
        CLUSTER_PROCESSES,
        childConfig(env, 'ours', location, {
          redisClusterNodes: nodes,
          partitions,
          concurrency: CLUSTER_CONCURRENCY,
        }),
      );
      fleets.set(layout, fleet);
      await fleet.pause();
    }

    const windows = await alternate(env, options, fleets, counters.read);
    return {
      shards: masters.map((master) => master.slots.map(([from, to]) => `${from}-${to}`).join(',')),
      layouts: new Map(
        [...windows].map(([layout, window]) => [
          layout,
          { window, queuesPerShard: queuesPerShard.get(layout) ?? [] },
        ]),
      ),
    };
  } finally {
    await Promise.all([...fleets.values()].map((fleet) => fleet.stop()));
    counters?.close();
    await cluster.close();
  }
}

/** Where each partition's queue lives, asked of the cluster itself (CLUSTER KEYSLOT). */
async function countQueuesPerShard(
  cluster: TestCluster,
  home: TrackingLocation,
  partitions: number,
): Promise<number[]> {
  const masters = await cluster.masters();
  const counts = masters.map(() => 0);
  const anyNode = masters[0]?.port ?? 0;

  for (const location of new TrackingTopology(home, { partitions, cluster: true }).partitions) {
    const key = `${location.prefix}:${location.queueName}:wait`;
    const slot = Number(await cluster.call(anyNode, 'CLUSTER', 'KEYSLOT', key));
    const shard = masters.findIndex((master) =>
      master.slots.some(([from, to]) => slot >= from && slot <= to),
    );
    counts[shard] = (counts[shard] ?? 0) + 1;
  }

  return counts;
}
