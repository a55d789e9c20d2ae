import type { BenchEnv } from '../bench-env.js';
import type { BenchOptions } from '../options.js';
import { addProcessingAssets, assetIds } from '../workload/asset-ids.js';
import { measureSize, type RoundNeeds, type SizeRound } from './size-round.js';

/** IDs for the size rounds: one series, so a smaller size is a prefix of a bigger one. */
const SIZE_SERIES = 1;

/**
 * The size rounds of a run, planned up front so a size that two sections
 * need (memory and growth at 10k) is measured once with both needs.
 */
export class SizeRounds {
  readonly env: BenchEnv;
  readonly #options: BenchOptions;
  readonly #plan = new Map<number, RoundNeeds>();
  readonly #done = new Map<number, SizeRound>();
  #registered = 0;

  constructor(env: BenchEnv, options: BenchOptions) {
    this.env = env;
    this.#options = options;
  }

  plan(size: number, needs: Partial<RoundNeeds>): void {
    const known = this.#plan.get(size) ?? { parked: false, checks: false };
    this.#plan.set(size, {
      parked: known.parked || (needs.parked ?? false),
      checks: known.checks || (needs.checks ?? false),
    });
  }

  async get(size: number): Promise<SizeRound> {
    const known = this.#done.get(size);
    if (known) {
      return known;
    }

    const needs = this.#plan.get(size) ?? { parked: false, checks: false };
    const ids = assetIds(size, SIZE_SERIES);
    if (needs.parked || needs.checks) {
      // Workers read these assets: the simulator must know them.
      addProcessingAssets(this.env.sim, ids.slice(this.#registered));
      this.#registered = Math.max(this.#registered, size);
    }

    const round = await measureSize(this.env, this.#options, ids, needs);
    this.#done.set(size, round);
    return round;
  }
}
