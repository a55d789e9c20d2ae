import type { FaultKind, FaultPath, FaultRule, TerminalFault } from './fault-rules.js';
import type { Random } from './random.js';

/** What the rules decided for one request. */
export interface FaultDecision {
  /** Sum of the latency rules that applied, in ms. */
  delayMs: number;
  /** The rule that answers instead of the normal handler, if any. */
  fault: TerminalFault | undefined;
}

interface ActiveRule {
  rule: FaultRule;
  probability: number;
  remaining: number;
  paths: ReadonlySet<FaultPath> | undefined;
  assetIds: ReadonlySet<string> | undefined;
}

/** Holds the injected rules and decides, in order, which apply to a request. */
export class FaultEngine {
  #rules: ActiveRule[] = [];
  readonly #random: Random;
  readonly #onApplied: (kind: FaultKind) => void;

  constructor(random: Random, onApplied: (kind: FaultKind) => void) {
    this.#random = random;
    this.#onApplied = onApplied;
  }

  /** Replaces the active rules; expects rules already checked by `parseFaultRules`. */
  replace(rules: readonly FaultRule[]): void {
    this.#rules = rules.map((rule) => ({
      rule,
      probability: rule.probability ?? 1,
      remaining: rule.count ?? Number.POSITIVE_INFINITY,
      paths: rule.paths === undefined ? undefined : new Set([rule.paths].flat()),
      assetIds: rule.assetIds === undefined ? undefined : new Set(rule.assetIds),
    }));
  }

  clear(): void {
    this.#rules = [];
  }

  /**
   * Decides synchronously on arrival, so a seeded run rolls in request order.
   * Returns undefined when nothing applies: the common case costs no allocation.
   */
  evaluate(path: FaultPath, assetId: string | undefined): FaultDecision | undefined {
    let delayMs = 0;

    for (const active of this.#rules) {
      if (!this.#applies(active, path, assetId)) {
        continue;
      }

      active.remaining -= 1;
      this.#onApplied(active.rule.kind);

      if (active.rule.kind !== 'latency') {
        return { delayMs, fault: active.rule };
      }

      delayMs += active.rule.ms;
    }

    return delayMs > 0 ? { delayMs, fault: undefined } : undefined;
  }

  #applies(active: ActiveRule, path: FaultPath, assetId: string | undefined): boolean {
    if (active.remaining <= 0 || active.paths?.has(path) === false) {
      return false;
    }

    if (active.assetIds !== undefined && (assetId === undefined || !active.assetIds.has(assetId))) {
      return false;
    }

    // Certain and impossible rules do not roll, so adding one leaves the other rolls alone.
    if (active.probability >= 1 || active.probability <= 0) {
      return active.probability >= 1;
    }

    return this.#random() < active.probability;
  }
}
