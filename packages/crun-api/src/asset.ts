/** Where an asset stands in Crun's review. */
export type AssetStatus = 'Processing' | 'Active' | 'Failed';

/** Every status Crun documents; anything else is treated as a malformed answer. */
export const ASSET_STATUSES: readonly AssetStatus[] = ['Processing', 'Active', 'Failed'];

/** The statuses after which an asset never changes again. */
export const TERMINAL_STATUSES: readonly AssetStatus[] = ['Active', 'Failed'];

/** The documented kinds of asset. Other names are passed through as text. */
export type AssetType = 'Image' | 'Video' | 'Audio';

export const ASSET_TYPES: readonly AssetType[] = ['Image', 'Video', 'Audio'];

/** An asset as `asset-info` describes it. */
export interface Asset {
  /** The ID Crun gave the asset, usable in generations as `asset://<assetId>`. */
  assetId: string;
  name: string;
  /** `Image`, `Video` or `Audio`; kept as sent if Crun adds another kind. */
  assetType: AssetType | (string & {});
  status: AssetStatus;
  /** When the asset was created (`CreateTime`, whichever form Crun sent). */
  createTime: Date;
  /** When the asset last changed (`UpdateTime`). */
  updateTime: Date;
}

export function isAssetStatus(value: unknown): value is AssetStatus {
  return ASSET_STATUSES.includes(value as AssetStatus);
}

export function isTerminalStatus(status: AssetStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
