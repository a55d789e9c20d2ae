/** Longest asset ID accepted, in characters. */
export const MAX_ASSET_ID_LENGTH = 128;

/**
 * Crun's IDs look like `asset-20260420153000-ab12c`, but only the `asset-`
 * style is documented, not a grammar. The accepted set is therefore wider:
 * a letter first, then letters, digits, `.`, `_` or `-`. It keeps IDs safe as
 * query values, Redis key parts and BullMQ job IDs (which must not be
 * numeric or contain `:`).
 */
const ASSET_ID_PATTERN = /^[A-Za-z][A-Za-z0-9._-]*$/;

/** Why `value` is not an asset ID, or `undefined` when it is one. */
export function explainInvalidAssetId(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return `an asset ID must be a string, got ${value === null ? 'null' : typeof value}`;
  }

  if (value.length === 0) {
    return 'an asset ID must not be empty';
  }

  if (value.length > MAX_ASSET_ID_LENGTH) {
    return `an asset ID must be at most ${MAX_ASSET_ID_LENGTH} characters, got ${value.length}`;
  }

  if (!ASSET_ID_PATTERN.test(value)) {
    return `"${printable(value)}" is not an asset ID: it must start with a letter and hold only letters, digits, ".", "_" or "-"`;
  }

  return undefined;
}

export function isAssetId(value: unknown): value is string {
  return explainInvalidAssetId(value) === undefined;
}

function printable(value: string): string {
  const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return shown.slice(1, -1);
}
