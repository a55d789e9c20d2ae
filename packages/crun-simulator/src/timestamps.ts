/** The two forms Crun documents for `CreateTime` and `UpdateTime`. */
export type TimestampStyle = 'iso' | 'epoch';

/**
 * Whole seconds either way: `1768900378` or `"2026-04-21T02:41:43Z"`. The
 * documented ISO form has no milliseconds, so they are cut, not rounded.
 */
export function formatTimestamp(ms: number, style: TimestampStyle): string | number {
  const seconds = Math.floor(ms / 1000);

  if (style === 'epoch') {
    return seconds;
  }

  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`;
}
