import { setTimeout as sleep } from 'node:timers/promises';

import type { BenchEnv } from '../bench-env.js';
import type { ChildMode, ProfileBucket } from '../child/protocol.js';
import { type CheckWindow, measureWindow } from '../fleet/check-window.js';
import { childConfig, enqueueFor, type Variant } from '../fleet/variants.js';
import { WorkerFleet } from '../fleet/worker-fleet.js';
import type { BenchOptions } from '../options.js';
import { type CommandTally, startMonitor } from '../redis/monitor-capture.js';
import { bullmqScriptNames } from '../redis/script-names.js';
import { sum } from '../report/stats.js';

/** MONITOR is costly: a short trace of a few hundred checks says enough. */
const MONITOR_MS = 1_000;

/** Redis commands per check of `variant`, from a MONITOR trace of one worker process. */
export async function traceRoundTrips(
  env: BenchEnv,
  variant: Variant,
  ids: readonly string[],
): Promise<{ checks: number; tally: CommandTally }> {
  await env.reset();
  const location = { prefix: 'bench', queueName: `trace-${variant}` };
  await enqueueFor(env, variant, location, ids);
  const fleet = await WorkerFleet.start(1, childConfig(env, variant, location));

  try {
    await sleep(1_000);
    const monitor = await startMonitor(env.redis.host, env.redis.port, bullmqScriptNames());
    const before = env.sim.stats.byRoute['asset-info'];
    await sleep(MONITOR_MS);
    const checks = env.sim.stats.byRoute['asset-info'] - before;
    return { checks, tally: await monitor.stop() };
  } finally {
    await fleet.stop();
  }
}

/** Worker CPU per check, split by library. */
export interface CheckProfile {
  buckets: ProfileBucket[];
  cpuUsPerCheck: number;
}

/**
 * V8 profiles of one worker process per variant, taken in alternating
 * rounds like the checks windows. The profiler's sample gaps are wall time,
 * so a process preempted by a busy machine would look slower everywhere;
 * the pooled shares of the samples are scaled to the processes' own CPU
 * time per check (process.cpuUsage over the same windows).
 */
export async function profileChecks(
  env: BenchEnv,
  options: BenchOptions,
  variants: Variant[],
  ids: readonly string[],
): Promise<Map<Variant, CheckProfile>> {
  await env.reset();
  const fleets = new Map<Variant, WorkerFleet>();
  const pooled = new Map<Variant, { selfUs: Map<string, number>; cpuUs: number; checks: number }>();

  try {
    for (const variant of variants) {
      const location = { prefix: 'bench', queueName: `profile-${variant}` };
      await enqueueFor(env, variant, location, ids);
      const fleet = await WorkerFleet.start(1, childConfig(env, variant, location));
      await fleet.pause();
      fleets.set(variant, fleet);
      pooled.set(variant, { selfUs: new Map(), cpuUs: 0, checks: 0 });
    }

    for (let round = 0; round < options.rounds; round++) {
      for (let turn = 0; turn < variants.length; turn++) {
        const variant = variants[(round + turn) % variants.length] as Variant;
        const fleet = fleets.get(variant) as WorkerFleet;
        await fleet.resume();
        await sleep(round === 0 ? options.warmupMs : 500);
        await profileOnce(fleet, options.windowMs, pooled.get(variant));
        await fleet.pause();
      }
    }
  } finally {
    await Promise.all([...fleets.values()].map((fleet) => fleet.stop()));
  }

  return new Map(variants.map((variant) => [variant, scaled(pooled.get(variant))]));
}

async function profileOnce(
  fleet: WorkerFleet,
  windowMs: number,
  into: { selfUs: Map<string, number>; cpuUs: number; checks: number } | undefined,
): Promise<void> {
  const [before] = await fleet.mark();
  await fleet.startProfiles();
  await sleep(windowMs);
  const [profile] = await fleet.stopProfiles();
  const [after] = await fleet.mark();
  if (!into || !before || !after) {
    return;
  }

  into.checks += after.checks - before.checks;
  into.cpuUs += after.cpuUs - before.cpuUs;
  for (const { name, selfUs } of profile?.buckets ?? []) {
    if (name !== 'idle') {
      into.selfUs.set(name, (into.selfUs.get(name) ?? 0) + selfUs);
    }
  }
}

function scaled(
  pooled: { selfUs: Map<string, number>; cpuUs: number; checks: number } | undefined,
): CheckProfile {
  const cpuUsPerCheck = pooled ? pooled.cpuUs / pooled.checks : Number.NaN;
  const sampledUs = sum([...(pooled?.selfUs.values() ?? [])]);
  const buckets = [...(pooled?.selfUs ?? [])].map(([name, selfUs]) => ({
    name,
    selfUs: (selfUs / sampledUs) * cpuUsPerCheck,
  }));
  return { buckets, cpuUsPerCheck };
}

/** Status reads alone, no queue, through `mode`'s HTTP client. */
export async function measureHttpClient(
  env: BenchEnv,
  options: BenchOptions,
  mode: Extract<ChildMode, 'http-ky' | 'http-fetch'>,
  ids: readonly string[],
): Promise<CheckWindow> {
  env.sim.resetStats();
  const location = { prefix: 'bench', queueName: 'unused' };
  const config = childConfig(env, mode, location, { assetIds: [...ids] });
  const fleet = await WorkerFleet.start(1, config);

  try {
    return await measureWindow(env, fleet, options.warmupMs, options.windowMs);
  } finally {
    await fleet.stop();
  }
}

export function total(tally: Map<string, number>): number {
  return sum([...tally.values()]);
}
