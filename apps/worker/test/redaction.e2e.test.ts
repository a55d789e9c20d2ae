import { AssetProducer } from '@crun/producer';
import { startSimulator } from '@crun/simulator';
import { startTestRedis } from '@crun/test-redis';
import { describe, expect, it } from 'vitest';
import { spawnWorker } from './helpers/worker-process.js';

const API_KEY = 'sk-live-DO-NOT-LEAK-4f9a1c77';
const REDIS_PASSWORD = 'redis-pw-DO-NOT-LEAK-77c1';

describe('secrets in logs', () => {
  it('should never write the API key or the Redis password, whatever happens', async () => {
    const redis = await startTestRedis({ password: REDIS_PASSWORD });
    const simulator = await startSimulator({ apiKeys: [API_KEY] });
    const location = { prefix: 'test', queueName: 'redaction' };
    const worker = spawnWorker({
      REDIS_URL: redis.url,
      CRUN_API_KEY: API_KEY,
      CRUN_BASE_URL: simulator.url,
      CRUN_PREFIX: location.prefix,
      CRUN_QUEUE: location.queueName,
      LOG_LEVEL: 'debug',
      OPS_PORT: '0',
    });
    const unreachable = spawnWorker({
      REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:1`,
      REDIS_CONNECT_TIMEOUT_MS: '300',
      CRUN_API_KEY: API_KEY,
    });
    const producer = new AssetProducer({ redisUrl: redis.url, location });

    try {
      await worker.started;
      const ids = Array.from({ length: 20 }, () => simulator.addAsset({ processingMs: 200 }));
      simulator.injectFaults([
        { kind: 'auth', count: 2 },
        { kind: 'malformed', body: 'html', count: 2 },
        { kind: 'server-error', count: 6 },
        { kind: 'rate-limit', count: 1, retryAfter: { seconds: 0 } },
      ]);
      await producer.enqueue([...ids, 'asset-unknown-redaction']);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await redis.restart();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      worker.child.kill('SIGTERM');
      await worker.exited;
      await unreachable.exited;

      const lines = [...worker.lines, ...unreachable.lines];
      expect(worker.lines.filter((line) => line.includes('"asset resolved"'))).toHaveLength(21);
      expect(lines.some((line) => line.includes('rejected the API key'))).toBe(true);
      expect(unreachable.lines.join('\n')).toMatch(
        /cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1/,
      );
      expect(lines.filter((line) => line.includes(API_KEY))).toEqual([]);
      expect(lines.filter((line) => line.includes(REDIS_PASSWORD))).toEqual([]);
    } finally {
      worker.child.kill('SIGKILL');
      await producer.close();
      await simulator.close();
      await redis.close();
    }
  });
});
