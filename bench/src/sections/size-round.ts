import type { TrackingLocation } from '@crun/tracking';

import type { BenchEnv } from '../bench-env.js';
import { alternate } from '../fleet/alternate.js';
import type { CheckWindow } from '../fleet/check-window.js';
import { childConfig } from '../fleet/variants.js';
import { WorkerFleet } from '../fleet/worker-fleet.js';
import type { BenchOptions } from '../options.js';
import { addBare, enqueueOurs } from '../workload/enqueue.js';
import { type HeldAssets, hold } from './held-assets.js';
import { parkOurs, ROOMY_LISTPACK_VALUE, withListpackValueMax } from './park-assets.js';

export type { HeldAssets, JobSample } from './held-assets.js';

export interface SizeRound {
  size: number;
  bareWaiting: HeldAssets;
  bareDelayed: HeldAssets;
  oursEnqueued: HeldAssets;
  /** After one read each, parked a day ahead: the steady state of an asset in flight. */
  oursParked?: HeldAssets & { readMs: number };
  /** The same two with `hash-max-listpack-value` raised, so job hashes stay compact. */
  roomyListpack?: { valueMax: number; bareDelayed: HeldAssets; oursParked: HeldAssets };
  checks?: { ours: CheckWindow; bare: CheckWindow };
}

export interface RoundNeeds {
  parked: boolean;
  checks: boolean;
}

/**
 * Holds `ids.length` assets in flight three ways, each from an empty Redis,
 * measuring enqueue time and memory; optionally runs a checks window with
 * all of them due, and parks ours a day ahead after one read each.
 */
export async function measureSize(
  env: BenchEnv,
  options: BenchOptions,
  ids: readonly string[],
  needs: RoundNeeds,
): Promise<SizeRound> {
  const size = ids.length;
  const bare = { prefix: 'bench', queueName: `size-bare-${size}` };
  const ours = { prefix: 'bench', queueName: `size-ours-${size}` };
  const addBareWaiting = () => addBare(env.redis.url, bare, ids, 'waiting');

  // Each state is measured from an empty Redis, so the keyspace's own
  // growth steps land alike on every contender.
  await env.reset();
  const bareWaiting = await hold(env, bare, 'wait', size, addBareWaiting);

  await env.reset();
  const bareDelayed = await hold(env, bare, 'delayed', size, () =>
    addBare(env.redis.url, bare, ids, 'delayed'),
  );

  await env.reset();
  const oursEnqueued = await hold(env, ours, 'wait', size, () =>
    enqueueOurs(env.redis.url, ours, ids),
  );

  const round: SizeRound = { size, bareWaiting, bareDelayed, oursEnqueued };
  if (needs.checks) {
    await addBareWaiting();
    round.checks = await checksWithAllDue(env, options, ours, bare);
  }

  if (needs.parked) {
    round.oursParked = await parkOurs(env, ours, ids);
    round.roomyListpack = await withListpackValueMax(env, ROOMY_LISTPACK_VALUE, async () => {
      await env.reset();
      const roomyBare = await hold(env, bare, 'delayed', size, () =>
        addBare(env.redis.url, bare, ids, 'delayed'),
      );
      const roomyOurs = await parkOurs(env, ours, ids);
      return { valueMax: ROOMY_LISTPACK_VALUE, bareDelayed: roomyBare, oursParked: roomyOurs };
    });
  }

  await env.reset();
  return round;
}

/** Our fleet and the bare (a) fleet, each over its own queue of all N assets, in turns. */
async function checksWithAllDue(
  env: BenchEnv,
  options: BenchOptions,
  ours: TrackingLocation,
  bare: TrackingLocation,
): Promise<{ ours: CheckWindow; bare: CheckWindow }> {
  const fleets = new Map<'ours' | 'bare', WorkerFleet>();
  try {
    fleets.set('ours', await WorkerFleet.start(1, childConfig(env, 'ours', ours)));
    fleets.set('bare', await WorkerFleet.start(1, childConfig(env, 'bare-delayed', bare)));
    await Promise.all([...fleets.values()].map((fleet) => fleet.pause()));

    const windows = await alternate(env, options, fleets);
    return { ours: windows.get('ours') as CheckWindow, bare: windows.get('bare') as CheckWindow };
  } finally {
    await Promise.all([...fleets.values()].map((fleet) => fleet.stop()));
  }
}
