import ky, { type KyInstance, TimeoutError } from 'ky';

import type { Asset } from './asset.js';
import { explainInvalidAssetId } from './asset-id.js';
import {
  assertTimeout,
  type CrunClientOptions,
  type RequestOptions,
  type ResolvedClientOptions,
  resolveClientOptions,
} from './client-options.js';
import { CrunNetworkError } from './errors/crun-network-error.js';
import { CrunResponseError } from './errors/crun-response-error.js';
import { CrunTimeoutError } from './errors/crun-timeout-error.js';
import { parseAsset } from './parse-asset.js';
import { readResponse } from './read-response.js';
import { toUploadBody, type UploadAssetParams } from './upload.js';

const ASSET_INFO_PATH = 'api/v1/client/job/asset-info';
const ASSET_UPLOAD_PATH = 'api/v1/client/job/asset-upload';

interface Call {
  method: 'GET' | 'POST';
  path: string;
  searchParams?: Record<string, string>;
  json?: unknown;
  options: RequestOptions;
}

/**
 * A client for Crun's asset endpoints. It makes exactly one HTTP request per
 * call and never retries: each error says whether retrying can help
 * (`retryable`, `retryAfterMs`) and the caller owns the retry policy, so no
 * hidden retries pile up under its own backoff. Uploads especially must not
 * be repeated blindly, as the API has no idempotency key.
 */
export class CrunClient {
  readonly baseUrl: string;
  readonly timeoutMs: number;

  // Private fields stay out of `util.inspect` and JSON, which keeps the key
  // out of any log that prints the client.
  readonly #http: KyInstance;

  constructor(options: CrunClientOptions) {
    const resolved: ResolvedClientOptions = resolveClientOptions(options);
    this.baseUrl = resolved.baseUrl;
    this.timeoutMs = resolved.timeoutMs;
    this.#http = ky.create({
      prefixUrl: resolved.baseUrl,
      headers: { 'x-api-key': resolved.apiKey, accept: 'application/json' },
      timeout: resolved.timeoutMs,
      retry: 0,
      throwHttpErrors: false,
      ...(resolved.fetch ? { fetch: resolved.fetch } : {}),
    });
  }

  /** Reads an asset's status. Throws a `CrunError` subclass on any failure. */
  async getAssetInfo(assetId: string, options: RequestOptions = {}): Promise<Asset> {
    const problem = explainInvalidAssetId(assetId);
    if (problem) {
      throw new TypeError(`getAssetInfo: ${problem}`);
    }

    const call: Call = { method: 'GET', path: ASSET_INFO_PATH, options };
    call.searchParams = { asset_id: assetId };
    const { data, status, body } = await this.#send(call);

    const asset = parseAsset(data);
    if (typeof asset === 'string') {
      throw new CrunResponseError(asset, { status, endpoint: `/${ASSET_INFO_PATH}`, body });
    }

    if (asset.assetId !== assetId) {
      const problem = `asked for ${assetId}, got ${asset.assetId}`;
      throw new CrunResponseError(problem, { status, endpoint: `/${ASSET_INFO_PATH}`, body });
    }

    return asset;
  }

  /**
   * Registers an asset from a public URL and returns its new ID. Not retried
   * on any error: a lost answer may still have created the asset.
   */
  async uploadAsset(params: UploadAssetParams, options: RequestOptions = {}): Promise<string> {
    const json = toUploadBody(params);
    const { data, status, body } = await this.#send({
      method: 'POST',
      path: ASSET_UPLOAD_PATH,
      json,
      options,
    });

    const assetId = (data as { AssetId?: unknown } | null)?.AssetId;
    if (typeof assetId !== 'string' || explainInvalidAssetId(assetId)) {
      const problem = `AssetId ${JSON.stringify(assetId)} is not an asset ID`;
      throw new CrunResponseError(problem, { status, endpoint: `/${ASSET_UPLOAD_PATH}`, body });
    }

    return assetId;
  }

  async #send(call: Call): Promise<{ data: unknown; status: number; body: string }> {
    const endpoint = `/${call.path}`;
    const timeoutMs = call.options.timeoutMs ?? this.timeoutMs;
    assertTimeout(timeoutMs, 'timeoutMs');

    let response: Response;
    let body: string;
    try {
      response = await this.#http(call.path, {
        method: call.method,
        timeout: timeoutMs,
        ...(call.searchParams ? { searchParams: call.searchParams } : {}),
        ...(call.json === undefined ? {} : { json: call.json }),
        ...(call.options.signal ? { signal: call.options.signal } : {}),
      });
      body = await response.text();
    } catch (error) {
      throw translateTransportError(error, endpoint, timeoutMs, call.options.signal);
    }

    const data = readResponse(response, body, { method: call.method, endpoint });
    return { data, status: response.status, body };
  }
}

/**
 * Maps what fetch and ky throw onto this package's errors. ky's own errors
 * carry the request, headers and API key included, so they are never passed
 * on as `cause`.
 */
function translateTransportError(
  error: unknown,
  endpoint: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): unknown {
  if (signal?.aborted) {
    return signal.reason;
  }

  if (error instanceof TimeoutError) {
    return new CrunTimeoutError(endpoint, timeoutMs);
  }

  return new CrunNetworkError(endpoint, error);
}

/** Creates a client; see `CrunClientOptions` for the settings. */
export function createCrunClient(options: CrunClientOptions): CrunClient {
  return new CrunClient(options);
}
