import type { BenchEnv } from '../bench-env.js';
import type { BenchOptions } from '../options.js';
import { alternate } from './alternate.js';
import type { CheckWindow } from './check-window.js';
import { childConfig, enqueueFor, type Variant } from './variants.js';
import { WorkerFleet } from './worker-fleet.js';

/**
 * Checks-per-second comparisons: for a number of processes, one fleet per
 * variant on a queue of its own, measured in alternating rounds. Results
 * are kept, so sections that need the same run (checks and scaling, both at
 * 1 process) share it.
 */
export class CheckRuns {
  readonly #env: BenchEnv;
  readonly #options: BenchOptions;
  readonly #ids: readonly string[];
  readonly #done = new Map<string, CheckWindow>();

  /** `ids`: assets that stay Processing, already known to the simulator. */
  constructor(env: BenchEnv, options: BenchOptions, ids: readonly string[]) {
    this.#env = env;
    this.#options = options;
    this.#ids = ids;
  }

  /** Each variant's window at `processes`, measuring those not measured yet together. */
  async get(processes: number, variants: Variant[]): Promise<Map<Variant, CheckWindow>> {
    const key = (variant: Variant) => `${variant}/${processes}`;
    const missing = variants.filter((variant) => !this.#done.has(key(variant)));

    if (missing.length > 0) {
      const measured = await compareVariants(
        this.#env,
        this.#options,
        missing,
        processes,
        this.#ids,
      );
      for (const [variant, window] of measured) {
        this.#done.set(key(variant), window);
      }
    }

    return new Map(
      variants.map((variant) => [variant, this.#done.get(key(variant)) as CheckWindow]),
    );
  }
}

/** From an empty Redis: one queue of `ids` and one fleet per variant, then alternating rounds. */
export async function compareVariants(
  env: BenchEnv,
  options: BenchOptions,
  variants: Variant[],
  processes: number,
  ids: readonly string[],
): Promise<Map<Variant, CheckWindow>> {
  await env.reset();
  const fleets = new Map<Variant, WorkerFleet>();

  try {
    for (const variant of variants) {
      const location = { prefix: 'bench', queueName: `checks-${variant}-${processes}` };
      await enqueueFor(env, variant, location, ids);
      const fleet = await WorkerFleet.start(processes, childConfig(env, variant, location));
      fleets.set(variant, fleet);
      await fleet.pause();
    }

    return await alternate(env, options, fleets);
  } finally {
    await Promise.all([...fleets.values()].map((fleet) => fleet.stop()));
    await env.reset();
  }
}
