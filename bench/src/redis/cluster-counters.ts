import { Redis } from 'ioredis';

import { type RedisCounters, readCounters } from './redis-info.js';

/** Reads a cluster's counters as one server's, keeping each master's CPU apart. */
export interface ClusterCounters {
  read(): Promise<RedisCounters>;
  close(): void;
}

/**
 * One plain connection per master (INFO answers for the node it is sent to,
 * so no cluster client and no redirects): the sums say what the cluster did
 * as a whole, `shardCpuSeconds` which shard did it, in the order of `ports`.
 */
export function clusterCounters(ports: readonly number[]): ClusterCounters {
  const nodes = ports.map(
    (port) => new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: null }),
  );

  return {
    async read() {
      return sumCounters(await Promise.all(nodes.map((node) => readCounters(node))));
    },
    close() {
      for (const node of nodes) {
        node.disconnect();
      }
    },
  };
}

function sumCounters(shards: RedisCounters[]): RedisCounters {
  const calls = new Map<string, number>();
  for (const shard of shards) {
    for (const [name, count] of shard.calls) {
      calls.set(name, (calls.get(name) ?? 0) + count);
    }
  }

  const total = (pick: (shard: RedisCounters) => number) =>
    shards.reduce((sum, shard) => sum + pick(shard), 0);
  return {
    cpuSeconds: total((shard) => shard.cpuSeconds),
    shardCpuSeconds: shards.map((shard) => shard.cpuSeconds),
    netInputBytes: total((shard) => shard.netInputBytes),
    netOutputBytes: total((shard) => shard.netOutputBytes),
    calls,
  };
}
