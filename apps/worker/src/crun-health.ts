import type { CrunError } from '@crun/api';

/** A change in how Crun answers this worker, worth one log line. */
export type HealthChange =
  | { kind: 'faulting'; error: CrunError }
  | { kind: 'recovered'; faults: number; sinceMs: number };

/**
 * Follows whether Crun's answers are failing, so the worker logs once when
 * faults start and once when they stop, not on every failed read.
 */
export class CrunHealth {
  #faults = 0;
  #faultingSince = 0;

  recordAnswer(nowMs = Date.now()): HealthChange | undefined {
    if (this.#faults === 0) {
      return undefined;
    }

    const change: HealthChange = {
      kind: 'recovered',
      faults: this.#faults,
      sinceMs: nowMs - this.#faultingSince,
    };
    this.#faults = 0;
    return change;
  }

  recordFault(error: CrunError, nowMs = Date.now()): HealthChange | undefined {
    this.#faults += 1;
    if (this.#faults > 1) {
      return undefined;
    }

    this.#faultingSince = nowMs;
    return { kind: 'faulting', error };
  }
}
