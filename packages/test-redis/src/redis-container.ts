import getPort from 'get-port';

import type { TestRedis } from './test-redis.js';

const REDIS_IMAGE = 'redis:7-alpine';
const REDIS_PORT = 6379;

/**
 * Redis in a testcontainers container. testcontainers is imported lazily:
 * loading it probes for a container runtime, which costs time on machines
 * that have none.
 */
export async function startRedisContainer(password?: string): Promise<TestRedis> {
  const { GenericContainer, Wait } = await import('testcontainers');

  // A fixed host port, because a restarted container would otherwise come
  // back on a new mapped port and clients could not reconnect.
  const hostPort = await getPort();
  const container = await new GenericContainer(REDIS_IMAGE)
    .withCommand([
      'redis-server',
      '--appendonly',
      'yes',
      '--save',
      '',
      ...(password ? ['--requirepass', password] : []),
    ])
    .withExposedPorts({ container: REDIS_PORT, host: hostPort })
    .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
    .start();
  const host = container.getHost();
  const port = hostPort;

  return {
    host,
    port,
    url: password ? `redis://:${password}@${host}:${port}` : `redis://${host}:${port}`,
    kind: 'container',
    async start() {
      await container.restart();
    },
    async stop() {
      const auth = password ? ['-a', password] : [];
      await container.exec(['redis-cli', ...auth, 'shutdown']).catch(() => undefined);
    },
    async kill() {
      await container.exec(['kill', '-9', '1']).catch(() => undefined);
    },
    async freeze() {
      await container.exec(['kill', '-STOP', '1']);
    },
    async thaw() {
      await container.exec(['kill', '-CONT', '1']);
    },
    async restart() {
      await container.restart();
    },
    async close() {
      await container.stop();
    },
  };
}
