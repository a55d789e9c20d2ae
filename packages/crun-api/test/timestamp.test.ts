import { describe, expect, it } from 'vitest';

import { parseTimestamp } from '../src/timestamp.js';

describe('parseTimestamp', () => {
  it.each([
    ['ISO 8601 UTC, as documented', '2026-04-21T02:41:43Z', '2026-04-21T02:41:43.000Z'],
    ['Unix seconds, as documented', 1768900378, '2026-01-20T09:12:58.000Z'],
    ['Unix seconds as digit text', '1768900378', '2026-01-20T09:12:58.000Z'],
    ['Unix milliseconds', 1768900378123, '2026-01-20T09:12:58.123Z'],
    ['ISO with an offset', '2026-04-21T04:41:43+02:00', '2026-04-21T02:41:43.000Z'],
    ['ISO with a colon-less offset', '2026-04-21T04:41:43+0200', '2026-04-21T02:41:43.000Z'],
    ['ISO with microseconds', '2026-04-21T02:41:43.123456Z', '2026-04-21T02:41:43.123Z'],
    ['zoneless ISO, read as UTC', '2026-04-21T02:41:43', '2026-04-21T02:41:43.000Z'],
    ['zoneless ISO with a space', '2026-04-21 02:41:43', '2026-04-21T02:41:43.000Z'],
    ['lower-case z', '2026-04-21T02:41:43z', '2026-04-21T02:41:43.000Z'],
  ])('should read %s', (_label, input, expected) => {
    expect(parseTimestamp(input)?.toISOString()).toBe(expected);
  });

  it.each([
    ['zero, which would be 1970', 0],
    ['a negative number', -5],
    ['a small number, 1970 again', 86_400],
    ['a date after 2199', '2300-01-01T00:00:00Z'],
    ['NaN', Number.NaN],
    ['infinity', Number.POSITIVE_INFINITY],
    ['words', 'yesterday'],
    ['an impossible calendar date', '2026-02-31T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['a date without a time', '2026-04-21'],
    ['null', null],
    ['a boolean', true],
    ['an empty string', ''],
  ])('should refuse %s', (_label, input) => {
    expect(parseTimestamp(input)).toBeUndefined();
  });

  it('should not depend on the local time zone', () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = 'Asia/Kolkata';
      const inKolkata = parseTimestamp('2026-04-21T02:41:43')?.getTime();
      process.env.TZ = 'America/Los_Angeles';
      const inLosAngeles = parseTimestamp('2026-04-21T02:41:43')?.getTime();

      expect(inKolkata).toBe(Date.UTC(2026, 3, 21, 2, 41, 43));
      expect(inLosAngeles).toBe(inKolkata);
    } finally {
      process.env.TZ = before;
    }
  });
});
