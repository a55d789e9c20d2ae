import { type CrunSimulator, startSimulator } from '@crun/simulator';
import { startTestRedis, type TestRedis } from '@crun/test-redis';
import { Redis } from 'ioredis';

export const BENCH_API_KEY = 'bench-key';

/** The Redis and the simulator a run owns, both on 127.0.0.1, and a connection to look inside. */
export interface BenchEnv {
  redis: TestRedis;
  sim: CrunSimulator;
  /** For INFO, MONITOR-free inspection and FLUSHALL; never used by the code measured. */
  inspector: Redis;
  /** Empties Redis and the simulator's counters, so a phase starts from nothing. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startBenchEnv(): Promise<BenchEnv> {
  // A redis-server child process unless told otherwise: a container's port
  // mapping would add its own cost to every round trip measured.
  process.env.CRUN_TEST_REDIS ??= 'process';
  const redis = await startTestRedis();
  const sim = await startSimulator({ apiKeys: [BENCH_API_KEY], seed: 7 });
  const inspector = new Redis(redis.url, { maxRetriesPerRequest: null });

  return {
    redis,
    sim,
    inspector,
    async reset() {
      // Synchronous on purpose: a lazy free would still be releasing memory
      // while the next phase measures it.
      await inspector.flushall('SYNC');
      sim.resetStats();
    },
    async close() {
      inspector.disconnect();
      await sim.close();
      await redis.close();
    },
  };
}
