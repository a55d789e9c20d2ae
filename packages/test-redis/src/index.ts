import { existsSync } from 'node:fs';

import { startRedisContainer } from './redis-container.js';
import { startRedisServerProcess } from './redis-server-process.js';
import type { TestRedis } from './test-redis.js';

export {
  type ClusterFailover,
  type ClusterMaster,
  type ClusterNodeAddress,
  type ClusterNodeInfo,
  startTestCluster,
  type TestCluster,
  type TestClusterOptions,
} from './redis-cluster.js';
export type { RespValue } from './resp.js';
export type { TestRedis } from './test-redis.js';

/**
 * Starts a Redis of the suite's own: a testcontainers container where a Docker
 * engine answers, else a `redis-server` child process on a free port.
 * `CRUN_TEST_REDIS=process|container` forces one; `REDIS_SERVER_BIN` names
 * the binary for the process mode. With `password`, clients must log in.
 */
export async function startTestRedis(options: { password?: string } = {}): Promise<TestRedis> {
  const forced = process.env.CRUN_TEST_REDIS;
  const binary = process.env.REDIS_SERVER_BIN ?? 'redis-server';

  if (forced === 'process') {
    return startRedisServerProcess(binary, options.password);
  }

  if (forced === 'container' || dockerEngineMayAnswer()) {
    try {
      return await startRedisContainer(options.password);
    } catch (error) {
      if (forced === 'container') {
        throw error;
      }
    }
  }

  return startRedisServerProcess(binary, options.password);
}

function dockerEngineMayAnswer(): boolean {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}
