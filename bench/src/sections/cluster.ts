import type { BenchEnv } from '../bench-env.js';
import type { CheckWindow } from '../fleet/check-window.js';
import type { BenchOptions } from '../options.js';
import { int, percent, roundRatio, times } from '../report/format.js';
import type { Table } from '../report/table.js';
import {
  CLUSTER_CONCURRENCY,
  CLUSTER_MASTERS,
  CLUSTER_PARTITIONS,
  CLUSTER_POOL,
  CLUSTER_PROCESSES,
  type ClusterLayout,
  runClusterLayouts,
} from './cluster-runs.js';

const LABELS: Record<ClusterLayout, string> = {
  'one-queue': '(A) one queue, prefix {bench}',
  partitions: `(B) ${CLUSTER_PARTITIONS} partitions, prefix {bench}`,
};

/** Section 8: one queue against partitions on a three-shard Redis Cluster. */
export async function clusterSection(env: BenchEnv, options: BenchOptions): Promise<Table> {
  const run = await runClusterLayouts(env, options);
  const one = run.layouts.get('one-queue');
  const spread = run.layouts.get('partitions');
  if (!one || !spread) {
    throw new Error('the cluster run measured fewer layouts than it started');
  }

  const row = (layout: ClusterLayout, window: CheckWindow, queuesPerShard: number[]) => [
    LABELS[layout],
    queuesPerShard.join(' / '),
    int(window.checksPerSecond),
    window.roundRates.map(int).join(' '),
    times(roundRatio(window.roundRates, one.window.roundRates)),
    int(window.workerCpuUsPerCheck),
    window.redisShardCpuShares.map(percent).join(' / '),
    int(busiestShardUsPerCheck(window)),
    int(window.redisCpuUsPerCheck),
  ];

  return {
    title: `8. Redis Cluster: partitions over ${CLUSTER_MASTERS} shards against one queue`,
    columns: [
      'layout',
      'queues per shard',
      'checks/s',
      'rounds (checks/s)',
      'vs (A)',
      'worker µs/check',
      'Redis CPU per shard',
      'busiest shard µs/check',
      'Redis µs/check, all shards',
    ],
    rows: [
      row('one-queue', one.window, one.queuesPerShard),
      row('partitions', spread.window, spread.queuesPerShard),
    ],
    notes: [
      `A local Redis Cluster of ${CLUSTER_MASTERS} masters without replicas (redis-server ` +
        `processes on 127.0.0.1, AOF everysec), shards in slot order: ${run.shards.join(' / ')}. ` +
        `Per layout, ${CLUSTER_PROCESSES} forked worker processes (startTrackingWorker ` +
        `with redisClusterNodes), concurrency ${CLUSTER_CONCURRENCY} per process ` +
        `(with partitions, ${CLUSTER_CONCURRENCY / CLUSTER_PARTITIONS} per partition, ` +
        `so both layouts keep as many checks in flight), ${int(CLUSTER_POOL)} assets ` +
        `of its own that stay Processing, every wait 1 ms. The two fleets take ` +
        `turns: ${options.rounds} rounds of ${options.windowMs} ms windows; checks/s ` +
        `is the median round, "vs (A)" the median of per-round ratios.`,
      'Redis CPU per shard: used_cpu_sys + used_cpu_user of each master over ' +
        'the window, as a share of one core (median round). Busiest shard µs/check: ' +
        'the CPU of the most loaded master per check, the figure that bounds how ' +
        'far one layout can scale: a queue lives in one hash slot, so (A) keeps ' +
        'one shard busy and leaves the others idle, while (B) shares the same work ' +
        'out over every shard.',
      `This machine has 2 cores shared by the ${CLUSTER_MASTERS} Redis masters, ` +
        `the simulator (in the bench process) and the ${CLUSTER_PROCESSES} worker ` +
        `processes: throughput is capped by worker CPU, not by Redis, so checks/s ` +
        `of (B) against (A) shows the cost of serving several queues per process ` +
        `(a BullMQ worker and its blocking connection per partition), not the gain ` +
        `of more shards. That gain shows in the busiest shard's CPU per check.`,
    ],
  };
}

function busiestShardUsPerCheck(window: CheckWindow): number {
  return (Math.max(...window.redisShardCpuShares) / window.checksPerSecond) * 1e6;
}
