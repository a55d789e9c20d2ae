import { ASSET_OUTCOMES, ASSET_TYPES, type AssetSpec } from './asset-types.js';
import {
  expectRecord,
  optionalChoice,
  optionalField,
  optionalNumber,
  optionalString,
  rejectUnknownKeys,
} from './validation.js';

const SPEC_KEYS = ['assetId', 'name', 'assetType', 'processingMs', 'outcome', 'timestampStyle'];
const TIMESTAMP_STYLES = ['iso', 'epoch'] as const;

/** Checks an `AssetSpec` from a caller or a control request; throws `ValidationError`. */
export function parseAssetSpec(value: unknown): AssetSpec {
  const record = expectRecord(value, 'asset spec');
  rejectUnknownKeys(record, SPEC_KEYS);

  return {
    ...optionalField('assetId', optionalString(record, 'assetId')),
    ...optionalField('name', optionalString(record, 'name')),
    ...optionalField('assetType', optionalChoice(record, 'assetType', ASSET_TYPES)),
    ...optionalField('processingMs', optionalNumber(record, 'processingMs')),
    ...optionalField('outcome', optionalChoice(record, 'outcome', ASSET_OUTCOMES)),
    ...optionalField('timestampStyle', optionalChoice(record, 'timestampStyle', TIMESTAMP_STYLES)),
  };
}
