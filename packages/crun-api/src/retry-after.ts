/** The longest wait a `Retry-After` header may impose: 10 minutes. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * Reads a `Retry-After` value, given as delta-seconds or as an HTTP date, into
 * milliseconds from `now`. The server controls this header, so the result is
 * clamped to 0..MAX_RETRY_AFTER_MS; an unreadable value counts as absent.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) {
    return undefined;
  }

  let delayMs: number;
  if (/^\d+(\.\d+)?$/.test(text)) {
    delayMs = Number(text) * 1000;
  } else if (/^[a-z]{3},/i.test(text)) {
    const date = Date.parse(text);
    if (Number.isNaN(date)) {
      return undefined;
    }

    delayMs = date - now;
  } else {
    return undefined;
  }

  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(delayMs)));
}
