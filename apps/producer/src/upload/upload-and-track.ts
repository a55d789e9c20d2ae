import type { CrunClient, RequestOptions, UploadAssetParams } from '@crun/api';
import type { AssetMetadata } from '@crun/tracking';

import { explainInvalidMetadata } from '../enqueue-item.js';
import type { AssetProducer } from '../producer.js';
import { RedisUnavailableError } from '../redis-unavailable-error.js';
import { UploadNotTrackedError } from './upload-errors.js';

export interface UploadAndTrackParams extends UploadAssetParams {
  /** Attached to the tracking and returned in the asset's event. */
  metadata?: AssetMetadata | undefined;
}

export interface UploadAndTrackResult {
  /** The ID Crun gave the new asset. */
  assetId: string;
  /** `queued` as a rule; `already-tracked` if someone enqueued the new ID first. */
  outcome: 'queued' | 'already-tracked';
  /** The tracking whose event to wait for. */
  trackingId: string;
}

/**
 * Uploads an asset to Crun from a public URL and starts tracking its new ID,
 * in one step. The upload is never retried (Crun has no idempotency key, so
 * a repeat could create a second asset): its errors are the client's,
 * `CrunError` subclasses, and a `CrunTimeoutError` or `CrunNetworkError`
 * leaves open whether the asset was created.
 *
 * Redis is checked before uploading, so an outage usually fails with
 * `RedisUnavailableError` and nothing created. If it fails between the
 * upload and the enqueue, `UploadNotTrackedError` carries the new ID.
 * Invalid params or metadata throw `TypeError` before anything is sent.
 */
export async function uploadAndTrack(
  client: CrunClient,
  producer: AssetProducer,
  params: UploadAndTrackParams,
  options: RequestOptions = {},
): Promise<UploadAndTrackResult> {
  const metadataProblem = explainInvalidMetadata(params.metadata);
  if (metadataProblem) {
    throw new TypeError(`uploadAndTrack: ${metadataProblem}`);
  }

  await producer.ping();
  const { name, assetType, assetUrl } = params;
  const assetId = await client.uploadAsset({ name, assetType, assetUrl }, options);

  let report: Awaited<ReturnType<AssetProducer['enqueue']>>;
  try {
    report = await producer.enqueue([{ assetId, metadata: params.metadata }]);
  } catch (error) {
    throw new UploadNotTrackedError(
      assetId,
      error instanceof RedisUnavailableError ? error.cause : error,
    );
  }

  const [result] = report.results;
  if (result === undefined || result.outcome === 'rejected') {
    // The client checks the ID it returns, so this is a broken invariant.
    throw new UploadNotTrackedError(assetId, new Error(`enqueue rejected ${assetId}`));
  }

  return { assetId, outcome: result.outcome, trackingId: result.trackingId };
}
