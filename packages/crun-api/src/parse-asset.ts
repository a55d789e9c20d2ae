import { type Asset, isAssetStatus } from './asset.js';
import { parseTimestamp } from './timestamp.js';

/**
 * Checks `asset-info` data against the documented shape. Returns the asset,
 * or the reason it is malformed. An unknown `Status` is malformed on purpose:
 * guessing could turn a new "Deleted" state into a false "ready".
 */
export function parseAsset(data: unknown): Asset | string {
  if (typeof data !== 'object' || data === null) {
    return 'data is missing';
  }

  const fields = data as Record<string, unknown>;
  const { AssetId, Name, AssetType, Status } = fields;
  if (typeof AssetId !== 'string' || AssetId === '') {
    return 'AssetId is missing';
  }

  if (!isAssetStatus(Status)) {
    return `unknown Status ${JSON.stringify(Status)}`;
  }

  const createTime = parseTimestamp(fields.CreateTime);
  const updateTime = parseTimestamp(fields.UpdateTime);
  if (!createTime || !updateTime) {
    const field = createTime ? 'UpdateTime' : 'CreateTime';
    return `${field} ${JSON.stringify(fields[field])} is neither ISO 8601 nor Unix seconds`;
  }

  return {
    assetId: AssetId,
    name: typeof Name === 'string' ? Name : '',
    assetType: typeof AssetType === 'string' ? AssetType : '',
    status: Status,
    createTime,
    updateTime,
  };
}
