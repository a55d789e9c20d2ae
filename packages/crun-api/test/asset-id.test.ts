import { describe, expect, it } from 'vitest';

import { explainInvalidAssetId, isAssetId, MAX_ASSET_ID_LENGTH } from '../src/asset-id.js';

describe('asset IDs', () => {
  it.each(['asset-20260420153000-ab12c', 'asset-x', 'A1', 'asset_2.b-c'])(
    'should accept %s',
    (id) => {
      expect(isAssetId(id)).toBe(true);
    },
  );

  it.each([
    ['empty', '', /must not be empty/],
    ['numeric, which BullMQ refuses as a job ID', '12345', /start with a letter/],
    ['with a colon, a Redis key separator', 'asset:1', /only letters/],
    ['with a space', 'asset 1', /only letters/],
    ['with a newline', 'asset-1\n', /only letters/],
    ['too long', `a${'b'.repeat(MAX_ASSET_ID_LENGTH)}`, /at most 128/],
    ['not a string', 42, /must be a string, got number/],
    ['null', null, /got null/],
  ])('should refuse one that is %s', (_label, id, message) => {
    expect(explainInvalidAssetId(id)).toMatch(message);
  });
});
