import { describe, expect, it } from 'vitest';

import { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../src/retry-after.js';

const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);

describe('parseRetryAfter', () => {
  it.each([
    ['delta seconds', '7', 7000],
    ['fractional seconds', '1.5', 1500],
    ['zero', '0', 0],
    ['an HTTP date 30 s ahead', new Date(NOW + 30_000).toUTCString(), 30_000],
    ['an HTTP date in the past', new Date(NOW - 30_000).toUTCString(), 0],
    ['a huge delta, clamped', '999999', MAX_RETRY_AFTER_MS],
    ['a far HTTP date, clamped', 'Fri, 01 Jan 2100 00:00:00 GMT', MAX_RETRY_AFTER_MS],
  ])('should read %s', (_label, header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });

  it.each([
    ['an absent header', null],
    ['an empty header', '  '],
    ['garbage', 'soon'],
    ['a negative delta', '-5'],
  ])('should ignore %s', (_label, header) => {
    expect(parseRetryAfter(header, NOW)).toBeUndefined();
  });
});
