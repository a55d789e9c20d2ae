export interface BreakerPolicy {
  /** Failed reads in a row, in this process, that open the breaker. */
  threshold: number;
  /** How long the first opening pauses the fleet, in ms; doubles per reopening. */
  initialOpenMs: number;
  /** Longest pause, in ms. */
  maxOpenMs: number;
}

/**
 * Counts transient faults in a row. When a run reaches the threshold the
 * breaker opens: the caller pauses the whole fleet for `openMs`, so a sick
 * Crun sees a trickle of probes instead of every job failing on its own.
 * Each reopening without a success in between doubles the pause.
 */
export class FaultBreaker {
  readonly #policy: BreakerPolicy;
  #faultsInRow = 0;
  #openings = 0;

  constructor(policy: BreakerPolicy) {
    this.#policy = policy;
  }

  get isTripped(): boolean {
    return this.#openings > 0;
  }

  /** Returns the pause to apply when this fault opens the breaker. */
  recordFault(): number | undefined {
    this.#faultsInRow += 1;
    if (this.#faultsInRow < this.#policy.threshold) {
      return undefined;
    }

    this.#faultsInRow = 0;
    const openMs = this.#policy.initialOpenMs * 2 ** this.#openings;
    this.#openings += 1;
    return Math.min(this.#policy.maxOpenMs, openMs);
  }

  /** Returns true when this success closes a breaker that had opened. */
  recordSuccess(): boolean {
    const wasOpen = this.#openings > 0;
    this.#faultsInRow = 0;
    this.#openings = 0;
    return wasOpen;
  }
}
