import { cpus, freemem, loadavg, release, totalmem } from 'node:os';

import type { Redis } from 'ioredis';

import { readInfo } from '../redis/redis-info.js';

const GIB = 1024 ** 3;

/** What ran the benchmark, to read the figures against. */
export async function describeMachine(redis: Redis, redisKind: string): Promise<string[]> {
  const server = await readInfo(redis, 'server', 'memory');
  const cpuList = cpus();

  return [
    `CPU: ${cpuList[0]?.model ?? 'unknown'}, ${cpuList.length} cores`,
    `Memory: ${(totalmem() / GIB).toFixed(1)} GiB (${(freemem() / GIB).toFixed(1)} ` +
      `GiB free at start)`,
    `Node ${process.version}, Linux ${release()}`,
    `Redis ${server.get('redis_version') ?? '?'} (${redisKind}, ` +
      `${server.get('mem_allocator') ?? '?'}, AOF everysec as in production)`,
    `Load average at start: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
    `Date: ${new Date().toISOString()}`,
  ];
}
