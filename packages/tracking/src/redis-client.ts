import type { Cluster, Redis } from 'ioredis';

/**
 * A connection to a single Redis or to a Redis Cluster. The tracker issues
 * the same commands through either; in a cluster, every multi-key command
 * it sends stays inside one hash tag.
 */
export type RedisClient = Redis | Cluster;

/**
 * A second connection to the same Redis or cluster, with the same options.
 * `blocking` drops the command timeout of a `client` connection, which would
 * otherwise cut short a read that waits on purpose (XREAD BLOCK).
 */
export function duplicateClient(
  client: RedisClient,
  options: { blocking?: boolean } = {},
): RedisClient {
  if (client.isCluster) {
    const cluster = client as Cluster;
    if (!options.blocking) {
      return cluster.duplicate();
    }

    const { commandTimeout: _dropped, ...untimed } = cluster.options.redisOptions ?? {};
    return cluster.duplicate(undefined, { redisOptions: untimed } as ClusterOverride);
  }

  return (client as Redis).duplicate(options.blocking ? { commandTimeout: undefined } : {});
}

type ClusterOverride = Parameters<Cluster['duplicate']>[1];

/** Whether the client is connected and answering commands. */
export function isClientReady(client: RedisClient): boolean {
  return client.status === 'ready';
}
