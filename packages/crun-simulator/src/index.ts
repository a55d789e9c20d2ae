export { ASSET_ID_PATTERN } from './asset-id.js';
export type {
  AssetOutcome,
  AssetSpec,
  AssetStatus,
  AssetType,
  LifecycleOptions,
  SimulatedAsset,
} from './asset-types.js';
export type { AssetInfoData } from './asset-view.js';
export type { ErrorCode, ResponseStyle } from './envelope.js';
export type {
  AuthFault,
  CreditsFault,
  FaultKind,
  FaultPath,
  FaultRule,
  FaultRuleBase,
  HangFault,
  LatencyFault,
  MaintenanceFault,
  MalformedBody,
  MalformedFault,
  RateLimitFault,
  ResetFault,
  RetryAfter,
  ServerErrorFault,
} from './fault-rules.js';
export type { SimulatorOptions } from './options.js';
export type { Random } from './random.js';
export { createRandom } from './random.js';
export { startSimulator } from './server.js';
export type { CrunSimulator } from './simulator.js';
export type { RouteName, SimulatorStats, SimulatorStatsSnapshot } from './stats.js';
export type { TimestampStyle } from './timestamps.js';
export { ValidationError } from './validation.js';
