import type { AssetTimeline, TimelineEntry } from '@crun/tracking';

/** A heading line, then one line per read: when, what it saw, what came next and why. */
export function formatTimeline(timeline: AssetTimeline): string {
  const head = `${timeline.status.padEnd(10)} ${timeline.assetId}  tracking ${timeline.trackingId} since ${timeline.firstSeenAt}`;
  const lines = timeline.entries.map(formatEntry);
  return [head, ...(lines.length > 0 ? lines : ['  no reads yet'])].join('\n');
}

function formatEntry([offset, observed, delay, reason]: TimelineEntry): string {
  const next = delay === null ? reason : `next read in ${delay} s (${reason})`;
  return `  +${`${offset} s`.padEnd(9)} ${observed.padEnd(18)} ${next}`;
}
