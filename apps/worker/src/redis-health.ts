import type { RedisClient } from '@crun/tracking';
import type { Cluster } from 'ioredis';

import type { Logger } from './logger.js';

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Whether an error only says the Redis connection is down, which reconnection handles. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }

  const code = (error as NodeJS.ErrnoException).code;
  if (code && CONNECTION_ERROR_CODES.has(code)) {
    return true;
  }

  return /Connection is closed|Stream isn't writeable|connect ETIMEDOUT/.test(error.message);
}

/**
 * Logs once when Redis stops answering and once when it is back, instead of
 * one line per reconnection attempt; ioredis and BullMQ reconnect by
 * themselves, so there is nothing else to do.
 */
export function watchRedisConnection(connection: RedisClient, logger: Logger): void {
  if (connection.isCluster) {
    watchClusterNodes(connection as Cluster, logger);
  }

  let lostAt: number | undefined;

  connection.on('error', (error: Error) => {
    if (lostAt === undefined && isConnectionError(error)) {
      lostAt = Date.now();
      logger.warn({ error: error.message }, 'Redis connection lost; reconnecting');
    }
  });

  connection.on('ready', () => {
    if (lostAt !== undefined) {
      logger.info({ downMs: Date.now() - lostAt }, 'Redis connection restored');
      lostAt = undefined;
    }
  });
}

/**
 * In a cluster the client as a whole stays up while one node fails, and
 * ioredis drops and re-adds a failing node many times before the slot map
 * settles. So: one line when a node stops answering, and one when it serves
 * no slots any more (a replica took over) or answers again as a master.
 */
function watchClusterNodes(cluster: Cluster, logger: Logger): void {
  const lost = new Map<string, number>();
  // When a replica took over each node's slots: for a while ioredis keeps
  // meeting the old node in stale slot maps, and its failures say nothing new.
  const replacedAt = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;

  const settle = () => {
    for (const [address, lostAt] of lost) {
      const master = cluster.nodes('master').find((node) => addressOf(node) === address);
      if (master === undefined || master.status === 'ready') {
        lost.delete(address);
        if (master === undefined) {
          replacedAt.set(address, Date.now());
        }

        logger.info(
          { node: address, downMs: Date.now() - lostAt },
          master === undefined
            ? 'Redis Cluster node no longer serves slots; its replica took over'
            : 'Redis Cluster node answers again',
        );
      }
    }

    if (lost.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  cluster.on('node error', (error: Error, address: string) => {
    if (lost.has(address) || !isConnectionError(error)) {
      return;
    }

    if (Date.now() - (replacedAt.get(address) ?? Number.NEGATIVE_INFINITY) < REPLACED_QUIET_MS) {
      return;
    }

    lost.set(address, Date.now());
    logger.warn(
      { node: address, error: error.message },
      'Redis Cluster node lost; waiting for a failover or its return',
    );
    timer ??= setInterval(settle, SETTLE_CHECK_MS);
    timer.unref();
  });
}

const SETTLE_CHECK_MS = 500;
const REPLACED_QUIET_MS = 60_000;

function addressOf(node: {
  options: { host?: string | undefined; port?: number | undefined };
}): string {
  return `${node.options.host}:${node.options.port}`;
}
