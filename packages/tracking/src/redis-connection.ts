import { Cluster, type ClusterNode, Redis } from 'ioredis';

import { isClientReady, type RedisClient } from './redis-client.js';

/**
 * What a connection is for, which decides how it behaves while Redis is away:
 * - `worker`: waits and retries commands forever (BullMQ requires this for
 *   workers, and a worker has nothing better to do);
 * - `client`: fails a command after one reconnection attempt or after
 *   COMMAND_TIMEOUT_MS, so a producer's call during an outage returns an
 *   error its caller can retry instead of hanging.
 */
export type ConnectionRole = 'worker' | 'client';

const CONNECT_TIMEOUT_MS = 5_000;
const MAX_RECONNECT_DELAY_MS = 500;
const COMMAND_TIMEOUT_MS = 5_000;

/**
 * A connection with a command pending that hears nothing for this long is
 * taken for dead (a network that silently drops packets never closes the
 * socket) and replaced. It must outlast the longest legitimate silence:
 * BullMQ blocks for up to 10 s waiting for jobs, the event reader for 5 s.
 */
const SOCKET_TIMEOUT_MS = 20_000;

/**
 * Where Redis is: the URL of a single Redis (`redis://` or `rediss://`), or
 * the URLs of some nodes of a Redis Cluster (`host:port` is short for
 * `redis://host:port`), from which the client learns the rest.
 */
export type RedisTarget = string | { readonly clusterNodes: readonly string[] };

/** `clusterNodes` when there are any, else `url`: how settings name a target. */
export function redisTargetOf(url: string, clusterNodes?: readonly string[]): RedisTarget {
  return clusterNodes && clusterNodes.length > 0 ? { clusterNodes } : url;
}

/** Opens a connection to `target`, tuned for its role. */
export function createRedisConnection(target: RedisTarget, role: ConnectionRole): RedisClient {
  if (typeof target === 'string') {
    assertRedisUrl(target);
    return new Redis(target, {
      ...optionsFor(role),
      retryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    });
  }

  const nodes = target.clusterNodes.map(clusterNodeUrl);
  if (nodes.length === 0) {
    throw new TypeError('a Redis Cluster needs at least one node address');
  }

  return new Cluster(nodes.map(clusterNodeOf), {
    redisOptions: { ...optionsFor(role), ...credentialsOf(nodes) },
    clusterRetryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    // A failover takes the cluster's node timeout and an election; commands
    // sent meanwhile wait and follow the slots to the promoted replica.
    retryDelayOnFailover: FAILOVER_RETRY_DELAY_MS,
    retryDelayOnClusterDown: FAILOVER_RETRY_DELAY_MS,
    retryDelayOnTryAgain: FAILOVER_RETRY_DELAY_MS,
    maxRedirections: role === 'worker' ? WORKER_MAX_REDIRECTIONS : CLIENT_MAX_REDIRECTIONS,
    slotsRefreshTimeout: CONNECT_TIMEOUT_MS,
  });
}

/** Redirections a worker's command follows while a shard fails over: about 10 s. */
const WORKER_MAX_REDIRECTIONS = 50;
const CLIENT_MAX_REDIRECTIONS = 16;
const FAILOVER_RETRY_DELAY_MS = 200;

/**
 * Options for one node's connection. No `retryStrategy` here: in a cluster
 * a node's connection must not reconnect by itself (ioredis leaves that
 * off), or the connection to a dead master would retry forever and hold the
 * commands queued on it instead of handing them to its promoted replica.
 */
function optionsFor(role: ConnectionRole) {
  return {
    connectTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    ...(role === 'worker'
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS }),
  };
}

function clusterNodeUrl(node: string): string {
  const url = withScheme(node);
  assertRedisUrl(url);
  return url;
}

function withScheme(node: string): string {
  return /^[a-z]+:\/\//i.test(node) ? node : `redis://${node}`;
}

function clusterNodeOf(url: string): ClusterNode {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 6379) };
}

/** The cluster's credentials and TLS, from the first node URL that names them. */
function credentialsOf(urls: readonly string[]): {
  username?: string;
  password?: string;
  tls?: object;
} {
  const parsed = urls.map((url) => new URL(url));
  const withPassword = parsed.find((url) => url.password !== '');
  const tls = parsed.some((url) => url.protocol === 'rediss:');

  return {
    ...(withPassword
      ? {
          password: decodeURIComponent(withPassword.password),
          ...(withPassword.username ? { username: decodeURIComponent(withPassword.username) } : {}),
        }
      : {}),
    ...(tls ? { tls: {} } : {}),
  };
}

/**
 * Resolves once `redis` answers PING, or rejects after `timeoutMs` with one
 * clear message, so a process started without Redis says so once instead of
 * logging reconnection errors forever.
 */
export async function waitForRedis(
  redis: RedisClient,
  target: RedisTarget,
  timeoutMs = 10_000,
): Promise<void> {
  let lastError: unknown;
  const onError = (error: unknown) => {
    lastError = error;
  };
  // A cluster reports each node's failure apart from its own.
  redis.on('error', onError);
  redis.on('node error', onError);

  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !isRefusedLogin(lastError)) {
      if (isClientReady(redis) && (await redis.ping().catch(onError)) === 'PONG') {
        return;
      }

      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    redis.off('error', onError);
    redis.off('node error', onError);
  }

  if (isRefusedLogin(lastError)) {
    throw new Error(
      `${describeRedisTarget(target)} refused the login (${messageOf(lastError)}); ` +
        'check the user and password in the Redis URL',
    );
  }

  const why = lastError instanceof Error ? `: ${messageOf(lastError)}` : '';
  throw new Error(`cannot reach ${describeRedisTarget(target)} within ${timeoutMs} ms${why}`);
}

/** Redis answered, but not to these credentials: waiting longer cannot help. */
function isRefusedLogin(error: unknown): boolean {
  return /WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(messageOf(error));
}

/** The error's message, or for a cluster's "all nodes failed" the last node's. */
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) {
    return '';
  }

  const lastNodeError = (error as { lastNodeError?: unknown }).lastNodeError;
  return lastNodeError instanceof Error
    ? `${error.message} ${lastNodeError.message}`
    : error.message;
}

/** Where `target` is, with any password replaced, safe to log. */
export function describeRedisTarget(target: RedisTarget): string {
  return typeof target === 'string'
    ? `Redis at ${redactRedisUrl(target)}`
    : `Redis Cluster via ${target.clusterNodes.map(redactedNode).join(', ')}`;
}

function redactedNode(node: string): string {
  return redactRedisUrl(withScheme(node));
}

/** The URL with any password replaced, safe to log. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = '***';
    }

    return parsed.toString();
  } catch {
    return '<invalid Redis URL>';
  }
}

function assertRedisUrl(url: string): void {
  if (!URL.canParse(url) || !/^rediss?:$/.test(new URL(url).protocol)) {
    throw new TypeError(`not a Redis URL: ${redactRedisUrl(url)} (expected redis://host:port)`);
  }
}
