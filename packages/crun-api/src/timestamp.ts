/** Numbers at or above this are Unix milliseconds, below it Unix seconds (year 5138). */
const MILLISECONDS_THRESHOLD = 1e11;
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_MS = Date.UTC(2200, 0, 1);

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Reads a `CreateTime` or `UpdateTime` value. Crun documents two forms, ISO
 * 8601 UTC text and integer Unix seconds; this is the one rule for the rest:
 *
 * - a number, or text of digits only: Unix seconds below 1e11, else Unix
 *   milliseconds;
 * - ISO text with a zone (`Z`, `+02:00`, `+0200`): the instant it names;
 * - ISO text without a zone: UTC, because Crun documents its times as UTC
 *   (the local `TZ` never matters);
 * - anything else, an impossible calendar date, or an instant outside the
 *   years 2000 to 2199: `undefined`, which the caller reports as malformed.
 */
export function parseTimestamp(value: unknown): Date | undefined {
  let ms: number | undefined;

  if (typeof value === 'number') {
    ms = fromEpochNumber(value);
  } else if (typeof value === 'string' && /^\d+$/.test(value.trim())) {
    ms = fromEpochNumber(Number(value.trim()));
  } else if (typeof value === 'string') {
    ms = fromIsoText(value.trim());
  }

  if (ms === undefined || ms < EARLIEST_MS || ms >= LATEST_MS) {
    return undefined;
  }

  return new Date(ms);
}

function fromEpochNumber(value: number): number | undefined {
  if (!Number.isFinite(value)) {
    return undefined;
  }

  return value < MILLISECONDS_THRESHOLD ? value * 1000 : value;
}

function fromIsoText(text: string): number | undefined {
  const match = ISO_PATTERN.exec(text);
  if (!match) {
    return undefined;
  }

  const [, year, month, day, hour, minute, second = '00', fraction = '', zone = 'Z'] = match;
  if (!isCalendarDate(Number(year), Number(month), Number(day))) {
    return undefined;
  }

  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const millis = fraction ? fraction.slice(0, 4).padEnd(4, '0') : '';
  const ms = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}${millis}${offset}`);

  return Number.isNaN(ms) ? undefined : ms;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) {
    return false;
  }

  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}
