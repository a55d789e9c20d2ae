import { AccessControl } from './access.js';
import { AssetStore } from './asset-store.js';
import { FaultEngine } from './fault-engine.js';
import type { ResolvedOptions } from './options.js';
import { PendingTimers } from './pending-timers.js';
import { deriveRandom } from './random.js';
import { StatsRecorder } from './stats.js';

/** Everything a request handler needs, created once per simulator. */
export interface SimulatorContext {
  readonly options: ResolvedOptions;
  readonly assets: AssetStore;
  readonly access: AccessControl;
  readonly faults: FaultEngine;
  readonly stats: StatsRecorder;
  readonly timers: PendingTimers;
}

const FAULT_STREAM = 0;
const LIFECYCLE_STREAM = 1;
const ID_STREAM = 2;

export function createContext(options: ResolvedOptions): SimulatorContext {
  const stats = new StatsRecorder();

  return {
    options,
    assets: new AssetStore({
      now: options.now,
      lifecycle: options.defaultLifecycle,
      timestampStyle: options.timestampStyle,
      lifecycleRandom: deriveRandom(options.seed, LIFECYCLE_STREAM),
      idRandom: deriveRandom(options.seed, ID_STREAM),
    }),
    access: new AccessControl(options.apiKeys),
    faults: new FaultEngine(deriveRandom(options.seed, FAULT_STREAM), (kind) => {
      stats.recordFault(kind);
    }),
    stats,
    timers: new PendingTimers(),
  };
}
