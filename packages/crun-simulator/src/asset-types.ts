import type { TimestampStyle } from './timestamps.js';

export type AssetType = 'Image' | 'Video' | 'Audio';
export type AssetStatus = 'Processing' | 'Active' | 'Failed';
export type AssetOutcome = 'Active' | 'Failed';

export const ASSET_TYPES: readonly AssetType[] = ['Image', 'Video', 'Audio'];
export const ASSET_STATUSES: readonly AssetStatus[] = ['Processing', 'Active', 'Failed'];
export const ASSET_OUTCOMES: readonly AssetOutcome[] = ['Active', 'Failed'];

/** What to create with `addAsset`; everything is optional. */
export interface AssetSpec {
  /** Use this ID instead of generating one in the documented shape. */
  assetId?: string;
  /** Display name. Default `simulated-<type>-<n>`. */
  name?: string;
  /** Default `'Image'`. */
  assetType?: AssetType;
  /**
   * Milliseconds the asset stays `Processing`. Default: drawn from the
   * simulator's `defaultLifecycle`. When given, the outcome defaults to `'Active'`.
   */
  processingMs?: number;
  /**
   * Status once processing ends. Default `'Active'`, or drawn from `defaultLifecycle`
   * when `processingMs` is not given either.
   */
  outcome?: AssetOutcome;
  /** Form of `CreateTime`/`UpdateTime`. Default: the simulator's `timestampStyle`. */
  timestampStyle?: TimestampStyle;
}

/** A copy of the simulator's record of one asset. */
export interface SimulatedAsset {
  assetId: string;
  name: string;
  assetType: AssetType;
  /** Creation time, ms since the epoch on the simulator's clock. */
  createdAt: number;
  /** When processing ends, ms since the epoch. */
  readyAt: number;
  outcome: AssetOutcome;
  /** Set by `setStatus`; wins over the lifecycle from then on. */
  forcedStatus?: AssetStatus;
  /** When `setStatus` was called, ms since the epoch; becomes `UpdateTime`. */
  forcedAt?: number;
  /** Set by `removeAsset`: reads answer 404. */
  removed: boolean;
  timestampStyle: TimestampStyle;
}

/** How uploads and unscripted assets behave. */
export interface LifecycleOptions {
  /** Shortest time an asset stays `Processing`, in ms. */
  minProcessingMs: number;
  /** Longest time an asset stays `Processing`, in ms. */
  maxProcessingMs: number;
  /** Share of assets that end `Failed`, from 0 to 1. */
  failureRate: number;
}
