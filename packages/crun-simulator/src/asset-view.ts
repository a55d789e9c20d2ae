import type { AssetStatus, AssetType, SimulatedAsset } from './asset-types.js';
import { formatTimestamp } from './timestamps.js';

/** The `data` of a successful asset-info answer, keys in the documented order. */
export interface AssetInfoData {
  AssetId: string;
  Name: string;
  AssetType: AssetType;
  Status: AssetStatus;
  CreateTime: string | number;
  UpdateTime: string | number;
}

export function statusAt(asset: SimulatedAsset, now: number): AssetStatus {
  if (asset.forcedStatus !== undefined) {
    return asset.forcedStatus;
  }

  return now < asset.readyAt ? 'Processing' : asset.outcome;
}

/** The last change: creation while processing, the end of processing after, or a forced status. */
export function updatedAt(asset: SimulatedAsset, now: number): number {
  if (asset.forcedAt !== undefined) {
    return asset.forcedAt;
  }

  return now < asset.readyAt ? asset.createdAt : asset.readyAt;
}

export function toAssetInfo(asset: SimulatedAsset, now: number): AssetInfoData {
  return {
    AssetId: asset.assetId,
    Name: asset.name,
    AssetType: asset.assetType,
    Status: statusAt(asset, now),
    CreateTime: formatTimestamp(asset.createdAt, asset.timestampStyle),
    UpdateTime: formatTimestamp(updatedAt(asset, now), asset.timestampStyle),
  };
}
