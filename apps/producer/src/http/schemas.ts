import { ASSET_TYPES } from '@crun/api';
import { ASSET_OUTCOMES, type AssetMetadata, type AssetStateStatus } from '@crun/tracking';

/** Body of `POST /v1/assets`, once the schema has checked it. */
export interface EnqueueBody {
  assets: (string | { assetId: string; metadata?: AssetMetadata })[];
}

/**
 * Checks the shape and types only. Whether an ID or its metadata is
 * acceptable is decided per item by the producer, so one bad ID in a batch
 * is reported as `rejected` and does not fail the others.
 */
export function enqueueBodySchema(maxItems: number) {
  return {
    type: 'object',
    required: ['assets'],
    additionalProperties: false,
    properties: {
      assets: {
        type: 'array',
        maxItems,
        items: {
          if: { type: 'string' },
          // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword
          then: true,
          else: {
            type: 'object',
            required: ['assetId'],
            additionalProperties: false,
            properties: {
              assetId: { type: 'string' },
              metadata: { type: 'object' },
            },
          },
        },
      },
    },
  } as const;
}

/** Body of `POST /v1/uploads`: Crun's own upload fields, plus metadata. */
export interface UploadBody {
  name: string;
  asset_type: (typeof ASSET_TYPES)[number];
  asset_url: string;
  metadata?: AssetMetadata;
}

export const uploadBodySchema = {
  type: 'object',
  required: ['name', 'asset_type', 'asset_url'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 256 },
    asset_type: { type: 'string', enum: ASSET_TYPES },
    asset_url: { type: 'string', pattern: '^https?://', maxLength: 2048 },
    metadata: { type: 'object' },
  },
} as const;

export const ASSET_LIST_STATUSES: readonly AssetStateStatus[] = [
  'tracking',
  ...ASSET_OUTCOMES,
  'errored',
];

/** Query of `GET /v1/assets`; numbers arrive as text, since types are not coerced. */
export interface ListQuery {
  status: AssetStateStatus;
  limit?: string;
  offset?: string;
}

export const listQuerySchema = {
  type: 'object',
  required: ['status'],
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ASSET_LIST_STATUSES },
    limit: { type: 'string', pattern: '^[0-9]{1,4}$' },
    offset: { type: 'string', pattern: '^[0-9]{1,9}$' },
  },
} as const;
