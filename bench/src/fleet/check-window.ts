import { setTimeout as sleep } from 'node:timers/promises';

import type { BenchEnv } from '../bench-env.js';
import type { ChildSnapshot } from '../child/protocol.js';
import { countersDelta, type RedisCounters, readCounters } from '../redis/redis-info.js';
import { sum } from '../report/stats.js';
import type { WorkerFleet } from './worker-fleet.js';

/** What a fleet did over one measured window, after warm-up. */
export interface CheckWindow {
  processes: number;
  seconds: number;
  /** asset-info requests the simulator received in the window. */
  checks: number;
  checksPerSecond: number;
  perProcessPerSecond: number;
  /** checks/s of each round, when several were combined. */
  roundRates: number[];
  /** CPU of the worker processes per check, in µs (process.cpuUsage). */
  workerCpuUsPerCheck: number;
  /** CPU of the Redis server per check, in µs (INFO cpu). */
  redisCpuUsPerCheck: number;
  /** Share of one core the Redis server used (summed over a cluster's masters). */
  redisCpuShare: number;
  /** Share of one core each server used: one entry, or one per master of a cluster. */
  redisShardCpuShares: number[];
  redisBytesInPerCheck: number;
  redisBytesOutPerCheck: number;
  /** Commands Redis ran per check (INFO commandstats; script-internal calls included). */
  redisCallsPerCheck: Map<string, number>;
  httpRequestsPerConnection: number;
}

interface Mark {
  atMs: number;
  simChecks: number;
  redis: RedisCounters;
  children: ChildSnapshot[];
}

/** Where a window reads the Redis counters from: the bench's Redis unless told otherwise. */
export type RedisCounterSource = () => Promise<RedisCounters>;

/** Waits `warmupMs`, then measures the fleet for `windowMs`. */
export async function measureWindow(
  env: BenchEnv,
  fleet: WorkerFleet,
  warmupMs: number,
  windowMs: number,
  readRedis: RedisCounterSource = () => readCounters(env.inspector),
): Promise<CheckWindow> {
  await sleep(warmupMs);
  const before = await mark(env, fleet, readRedis);
  await sleep(windowMs);
  const after = await mark(env, fleet, readRedis);

  const seconds = (after.atMs - before.atMs) / 1000;
  const checks = after.simChecks - before.simChecks;
  const redis = countersDelta(before.redis, after.redis);
  const childDelta = (pick: (s: ChildSnapshot) => number) =>
    sum(after.children.map(pick)) - sum(before.children.map(pick));
  const perCheck = (value: number) => (checks > 0 ? value / checks : Number.NaN);

  return {
    processes: fleet.size,
    seconds,
    checks,
    checksPerSecond: checks / seconds,
    perProcessPerSecond: checks / seconds / fleet.size,
    roundRates: [checks / seconds],
    workerCpuUsPerCheck: childDelta((s) => s.cpuUs) / childDelta((s) => s.checks),
    redisCpuUsPerCheck: perCheck(redis.cpuSeconds * 1e6),
    redisCpuShare: redis.cpuSeconds / seconds,
    redisShardCpuShares: redis.shardCpuSeconds.map((cpuSeconds) => cpuSeconds / seconds),
    redisBytesInPerCheck: perCheck(redis.netInputBytes),
    redisBytesOutPerCheck: perCheck(redis.netOutputBytes),
    redisCallsPerCheck: new Map([...redis.calls].map(([name, calls]) => [name, perCheck(calls)])),
    httpRequestsPerConnection:
      childDelta((s) => s.httpRequests) /
      Math.max(
        1,
        childDelta((s) => s.httpConnections),
      ),
  };
}

async function mark(
  env: BenchEnv,
  fleet: WorkerFleet,
  readRedis: RedisCounterSource,
): Promise<Mark> {
  // The simulator's count and the clock are read together, then the rest.
  const atMs = performance.now();
  const simChecks = env.sim.stats.byRoute['asset-info'];
  const [redis, children] = await Promise.all([readRedis(), fleet.mark()]);
  return { atMs, simChecks, redis, children };
}
