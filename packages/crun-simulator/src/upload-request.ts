import { ASSET_TYPES, type AssetType } from './asset-types.js';
import { isPublicHttpUrl } from './public-url.js';
import { expectRecord, isOneOf, ValidationError } from './validation.js';

/** The documented body of `POST /api/v1/client/job/asset-upload`. */
export interface UploadRequest {
  name: string;
  assetType: AssetType;
  assetUrl: string;
}

/** Checks an upload body; throws `ValidationError`, answered as 422. */
export function parseUploadRequest(value: unknown): UploadRequest {
  const body = expectRecord(value, 'body');
  const { name, asset_type: assetType, asset_url: assetUrl } = body;

  if (typeof name !== 'string' || name.trim() === '') {
    throw new ValidationError('name must be a non-empty string');
  }

  if (!isOneOf(ASSET_TYPES, assetType)) {
    throw new ValidationError(`asset_type must be one of ${ASSET_TYPES.join(', ')}`);
  }

  if (typeof assetUrl !== 'string' || !isPublicHttpUrl(assetUrl)) {
    throw new ValidationError('asset_url must be a public http(s) URL');
  }

  return { name, assetType, assetUrl };
}
