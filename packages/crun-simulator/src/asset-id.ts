import type { Random } from './random.js';

/** The documented shape: `asset-`, a 14-digit UTC timestamp, a dash, 5 lowercase alphanumerics. */
export const ASSET_ID_PATTERN = /^asset-\d{14}-[a-z0-9]{5}$/;

const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const SUFFIX_LENGTH = 5;

/** An ID like `asset-20260420153000-ab12c` for an asset created at `nowMs`. */
export function createAssetId(nowMs: number, random: Random): string {
  // 2026-04-20T15:30:00.000Z → 20260420153000
  const stamp = new Date(nowMs).toISOString().slice(0, 19).replace(/[-T:]/g, '');
  let suffix = '';

  for (let i = 0; i < SUFFIX_LENGTH; i++) {
    suffix += SUFFIX_ALPHABET.charAt(Math.floor(random() * SUFFIX_ALPHABET.length));
  }

  return `asset-${stamp}-${suffix}`;
}
