import type { AssetMetadata } from '@crun/tracking';
import { explainUntrackableAssetId } from '@crun/tracking';

/** Largest metadata accepted per asset, as JSON text: 4 KiB. */
export const MAX_METADATA_BYTES = 4096;

/** An asset to track: its ID alone, or with metadata returned in its event. */
export type EnqueueItem = string | { assetId: string; metadata?: AssetMetadata | undefined };

export interface ValidItem {
  assetId: string;
  metadata: AssetMetadata | undefined;
}

/** Why an item cannot be tracked, and which of its fields is at fault (null: the item itself). */
export interface ItemProblem {
  reason: string;
  field: 'assetId' | 'metadata' | null;
}

/** The item in a uniform shape, or the reason it cannot be tracked. */
export function validateItem(item: unknown): ValidItem | ItemProblem {
  const candidate = typeof item === 'string' ? { assetId: item } : item;
  if (typeof candidate !== 'object' || candidate === null) {
    return { reason: 'expected an asset ID or { assetId, metadata }', field: null };
  }

  const { assetId, metadata } = candidate as { assetId?: unknown; metadata?: unknown };
  const idProblem = explainUntrackableAssetId(assetId);
  if (idProblem) {
    return { reason: idProblem, field: 'assetId' };
  }

  const metadataProblem = explainInvalidMetadata(metadata);
  if (metadataProblem) {
    return { reason: metadataProblem, field: 'metadata' };
  }

  return { assetId: assetId as string, metadata: metadata as AssetMetadata | undefined };
}

/** Why `metadata` cannot be attached to an asset, or undefined when it can (or is absent). */
export function explainInvalidMetadata(metadata: unknown): string | undefined {
  if (metadata === undefined) {
    return undefined;
  }

  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    return 'metadata must be a JSON object';
  }

  let json: string;
  try {
    json = JSON.stringify(metadata);
  } catch {
    return 'metadata must be serialisable as JSON';
  }

  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_METADATA_BYTES) {
    return `metadata is ${bytes} bytes as JSON; the limit is ${MAX_METADATA_BYTES}`;
  }

  return undefined;
}
