import type { BenchEnv } from '../bench-env.js';
import type { BenchOptions } from '../options.js';
import { median } from '../report/stats.js';
import { type CheckWindow, measureWindow, type RedisCounterSource } from './check-window.js';
import type { WorkerFleet } from './worker-fleet.js';

/** After a resume, the first checks ramp up; this much is left out of each window. */
const SETTLE_MS = 500;

/**
 * Measures fleets that run at the same time but work one at a time: each
 * round resumes one fleet, measures it, pauses it, and moves to the next,
 * starting each round with a different fleet. A burst of load from outside
 * (this machine is shared) then hits every contender alike rather than one
 * of them, and the median of the rounds leaves a single bad round out.
 * The fleets must be paused when this is called. `readRedis` names the
 * Redis to watch when the fleets use another than the bench's own.
 */
export async function alternate<Key extends string>(
  env: BenchEnv,
  options: BenchOptions,
  fleets: Map<Key, WorkerFleet>,
  readRedis?: RedisCounterSource,
): Promise<Map<Key, CheckWindow>> {
  const keys = [...fleets.keys()];
  const windows = new Map<Key, CheckWindow[]>(keys.map((key) => [key, []]));

  for (let round = 0; round < options.rounds; round++) {
    for (let turn = 0; turn < keys.length; turn++) {
      const key = keys[(round + turn) % keys.length] as Key;
      const fleet = fleets.get(key) as WorkerFleet;
      // The first turn of a fleet also warms its JIT up.
      const warmupMs = round === 0 ? options.warmupMs : SETTLE_MS;

      await fleet.resume();
      windows
        .get(key)
        ?.push(await measureWindow(env, fleet, warmupMs, options.windowMs, readRedis));
      await fleet.pause();
    }
  }

  return new Map(keys.map((key) => [key, medianWindow(windows.get(key) ?? [])]));
}

/** Field by field, the median of the rounds; the commands of the median round. */
function medianWindow(windows: CheckWindow[]): CheckWindow {
  const of = (pick: (window: CheckWindow) => number) => median(windows.map(pick));
  const byRate = [...windows].sort((a, b) => a.checksPerSecond - b.checksPerSecond);
  const middle = byRate[Math.floor(byRate.length / 2)] as CheckWindow;

  return {
    processes: middle.processes,
    seconds: windows.reduce((total, window) => total + window.seconds, 0),
    checks: windows.reduce((total, window) => total + window.checks, 0),
    checksPerSecond: of((window) => window.checksPerSecond),
    perProcessPerSecond: of((window) => window.perProcessPerSecond),
    roundRates: windows.map((window) => window.checksPerSecond),
    workerCpuUsPerCheck: of((window) => window.workerCpuUsPerCheck),
    redisCpuUsPerCheck: of((window) => window.redisCpuUsPerCheck),
    redisCpuShare: of((window) => window.redisCpuShare),
    redisShardCpuShares: middle.redisShardCpuShares.map((_, shard) =>
      of((window) => window.redisShardCpuShares[shard] ?? Number.NaN),
    ),
    redisBytesInPerCheck: of((window) => window.redisBytesInPerCheck),
    redisBytesOutPerCheck: of((window) => window.redisBytesOutPerCheck),
    redisCallsPerCheck: middle.redisCallsPerCheck,
    httpRequestsPerConnection: of((window) => window.httpRequestsPerConnection),
  };
}
