import type { TimelineEntry, TimelineObservation, TimelineReason } from './timeline-entry.js';

/**
 * The timeline lives in the job hash, which every in-flight asset keeps in
 * Redis, so it is stored as short text: one `offset,observed,delay,reason`
 * group per read, groups separated by spaces, e.g. `0,P,0.1,b 0.1,500,0.1,f`.
 * A read costs about 11 bytes; the readable form exists only in memory and
 * in events.
 */
const OBSERVED_CODES: Record<string, TimelineObservation> = {
  P: 'Processing',
  A: 'Active',
  F: 'Failed',
  T: 'timeout',
  N: 'network error',
  M: 'malformed answer',
};

const REASON_CODES: Record<string, TimelineReason> = {
  b: 'backoff',
  h: 'server-hint',
  f: 'fault',
  d: 'deadline',
  r: 'rate-limit',
  a: 'account',
  e: 'resolved',
  s: 'recheck',
  t: 'ready-time',
};

const CODE_OF_OBSERVED = invert(OBSERVED_CODES);
const CODE_OF_REASON = invert(REASON_CODES);

/**
 * `encoded` with `entry` added, keeping the last `maxEntries` reads;
 * undefined when `maxEntries` is 0 (no timeline is kept).
 */
export function appendTimeline(
  encoded: string | undefined,
  entry: TimelineEntry,
  maxEntries: number,
): string | undefined {
  if (maxEntries < 1) {
    return undefined;
  }

  const groups = encoded ? encoded.split(' ') : [];
  groups.push(encodeEntry(entry));
  return groups.slice(-maxEntries).join(' ');
}

/**
 * The last reads of `encoded` that fit in `maxChars`; undefined when none
 * do. Whole reads are dropped, oldest first.
 */
export function fitTimeline(encoded: string | undefined, maxChars: number): string | undefined {
  let fitted = encoded;
  while (fitted !== undefined && fitted.length > maxChars) {
    const cut = fitted.indexOf(' ');
    fitted = cut === -1 ? undefined : fitted.slice(cut + 1);
  }

  return fitted === '' ? undefined : fitted;
}

/** The readable entries of a stored timeline, oldest first; damaged groups are skipped. */
export function decodeTimeline(encoded: string | undefined): TimelineEntry[] {
  if (!encoded) {
    return [];
  }

  return encoded
    .split(' ')
    .map(decodeEntry)
    .filter((entry): entry is TimelineEntry => entry !== undefined);
}

function encodeEntry([offset, observed, delay, reason]: TimelineEntry): string {
  const observedCode = CODE_OF_OBSERVED[observed] ?? observed.replace('code ', '');
  return `${offset},${observedCode},${delay ?? ''},${CODE_OF_REASON[reason]}`;
}

function decodeEntry(group: string): TimelineEntry | undefined {
  const [offset = '', observed = '', delay = '', reason = ''] = group.split(',');
  const why = REASON_CODES[reason];
  const seen = OBSERVED_CODES[observed] ?? (/^\d+$/.test(observed) ? `code ${observed}` : null);
  if (!why || !seen || offset === '') {
    return undefined;
  }

  return [Number(offset), seen as TimelineObservation, delay === '' ? null : Number(delay), why];
}

function invert(codes: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(codes).map(([code, name]) => [name, code]));
}
