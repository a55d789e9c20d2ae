import { ASSET_TYPES, type AssetType } from './asset.js';

/** What `uploadAsset` registers with Crun. */
export interface UploadAssetParams {
  /** A name for the asset, shown in Crun. */
  name: string;
  assetType: AssetType;
  /** A public http(s) URL Crun fetches the file from; base64 is not accepted. */
  assetUrl: string;
}

/** The request body, or a TypeError naming the bad field. */
export function toUploadBody(params: UploadAssetParams): Record<string, string> {
  if (typeof params.name !== 'string' || params.name.trim() === '') {
    throw new TypeError('uploadAsset: `name` must be a non-empty string');
  }

  if (!ASSET_TYPES.includes(params.assetType)) {
    const allowed = ASSET_TYPES.join(', ');
    throw new TypeError(`uploadAsset: \`assetType\` must be one of ${allowed}`);
  }

  if (typeof params.assetUrl !== 'string' || !/^https?:\/\//i.test(params.assetUrl)) {
    throw new TypeError('uploadAsset: `assetUrl` must be a public http(s) URL');
  }

  if (!URL.canParse(params.assetUrl)) {
    throw new TypeError('uploadAsset: `assetUrl` is not a valid URL');
  }

  return { name: params.name, asset_type: params.assetType, asset_url: params.assetUrl };
}
