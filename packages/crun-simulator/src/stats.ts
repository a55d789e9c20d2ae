import { FAULT_KINDS, type FaultKind } from './fault-rules.js';

/** How the simulator files an API request: one of the two endpoints, or anything else. */
export type RouteName = 'asset-info' | 'upload' | 'other';

/** Live counters of the API traffic; control routes under `/_simulator/` are not counted. */
export interface SimulatorStats {
  /** API requests received, whatever the answer. */
  readonly requests: number;
  readonly byRoute: Readonly<Record<RouteName, number>>;
  /**
   * Answers by outcome: `'ok'`, an envelope error code such as `'401'` or `'429'`, a proxy
   * status such as `'502'`, or `'malformed'`, `'reset'`, `'hang'`.
   */
  readonly responses: Readonly<Record<string, number>>;
  /** How often each injected fault kind was applied. */
  readonly faults: Readonly<Record<FaultKind, number>>;
  /** asset-info requests per asset ID, counted on arrival whatever the answer. */
  readonly assetInfoCalls: ReadonlyMap<string, number>;
  /** Arrival time of each API request, in ms on the simulator's clock. */
  readonly requestTimes: readonly number[];
  /** Most requests that arrived within any window of `windowMs` milliseconds. */
  peakRate(windowMs: number): number;
  /** A plain copy, as `GET /_simulator/stats` serves it. */
  toJSON(): SimulatorStatsSnapshot;
}

/** The JSON form of {@link SimulatorStats}. */
export interface SimulatorStatsSnapshot {
  requests: number;
  byRoute: Record<RouteName, number>;
  responses: Record<string, number>;
  faults: Record<FaultKind, number>;
  assetInfoCalls: Record<string, number>;
  /** `peakRate(1000)`. */
  peakRatePerSecond: number;
}

export class StatsRecorder implements SimulatorStats {
  requests = 0;
  readonly byRoute: Record<RouteName, number> = { 'asset-info': 0, upload: 0, other: 0 };
  readonly responses: Record<string, number> = {};
  readonly faults = zeroFaultCounts();
  readonly assetInfoCalls = new Map<string, number>();
  readonly requestTimes: number[] = [];

  recordRequest(route: RouteName, assetId: string | undefined, at: number): void {
    this.requests += 1;
    this.byRoute[route] += 1;
    this.requestTimes.push(at);

    if (assetId !== undefined) {
      this.assetInfoCalls.set(assetId, (this.assetInfoCalls.get(assetId) ?? 0) + 1);
    }
  }

  recordResponse(outcome: string): void {
    this.responses[outcome] = (this.responses[outcome] ?? 0) + 1;
  }

  recordFault(kind: FaultKind): void {
    this.faults[kind] += 1;
  }

  peakRate(windowMs: number): number {
    if (!(windowMs > 0)) {
      throw new RangeError('windowMs must be a positive number');
    }

    // A caller's clock may step back; the sweep below needs ascending times.
    const times = isAscending(this.requestTimes)
      ? this.requestTimes
      : [...this.requestTimes].sort((a, b) => a - b);
    let peak = 0;
    let start = 0;

    for (let end = 0; end < times.length; end++) {
      const endTime = times[end] ?? 0;

      while ((times[start] ?? endTime) <= endTime - windowMs) {
        start += 1;
      }

      peak = Math.max(peak, end - start + 1);
    }

    return peak;
  }

  /** Zeroes everything in place, so references to `stats` stay live. */
  reset(): void {
    this.requests = 0;
    this.byRoute['asset-info'] = 0;
    this.byRoute.upload = 0;
    this.byRoute.other = 0;

    for (const outcome of Object.keys(this.responses)) {
      delete this.responses[outcome];
    }

    for (const kind of FAULT_KINDS) {
      this.faults[kind] = 0;
    }

    this.assetInfoCalls.clear();
    this.requestTimes.length = 0;
  }

  toJSON(): SimulatorStatsSnapshot {
    return {
      requests: this.requests,
      byRoute: { ...this.byRoute },
      responses: { ...this.responses },
      faults: { ...this.faults },
      assetInfoCalls: Object.fromEntries(this.assetInfoCalls),
      peakRatePerSecond: this.peakRate(1000),
    };
  }
}

function zeroFaultCounts(): Record<FaultKind, number> {
  const counts = {} as Record<FaultKind, number>;

  for (const kind of FAULT_KINDS) {
    counts[kind] = 0;
  }

  return counts;
}

function isAscending(times: readonly number[]): boolean {
  for (let i = 1; i < times.length; i++) {
    if ((times[i] ?? 0) < (times[i - 1] ?? 0)) {
      return false;
    }
  }

  return true;
}
