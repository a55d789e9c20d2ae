export type { Asset, AssetStatus, AssetType } from './asset.js';
export {
  ASSET_STATUSES,
  ASSET_TYPES,
  isAssetStatus,
  isTerminalStatus,
  TERMINAL_STATUSES,
} from './asset.js';
export { explainInvalidAssetId, isAssetId, MAX_ASSET_ID_LENGTH } from './asset-id.js';
export { CrunClient, createCrunClient } from './client.js';
export type { CrunClientOptions, RequestOptions } from './client-options.js';
export { DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS } from './client-options.js';
export type { CrunErrorKind } from './error-codes.js';
export { describeCode } from './error-codes.js';
export type { CrunApiErrorDetails } from './errors/crun-api-error.js';
export { CrunApiError } from './errors/crun-api-error.js';
export { CrunError } from './errors/crun-error.js';
export { CrunNetworkError } from './errors/crun-network-error.js';
export { CrunResponseError } from './errors/crun-response-error.js';
export { CrunTimeoutError } from './errors/crun-timeout-error.js';
export { MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after.js';
export { parseTimestamp } from './timestamp.js';
export type { UploadAssetParams } from './upload.js';
