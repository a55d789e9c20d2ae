import type { AssetEvent, AssetEventType } from '@crun/tracking';

const LABELS: Record<AssetEventType, string> = {
  'asset.ready': 'ready    ',
  'asset.failed': 'failed   ',
  'asset.timed_out': 'timed out',
  'asset.not_found': 'not found',
  'asset.invalid': 'invalid  ',
};

/** One line per event, as it arrives. */
export function formatEvent(event: AssetEvent): string {
  const tookMs = Date.parse(event.resolvedAt) - Date.parse(event.firstSeenAt);
  const kind = event.asset ? ` ${event.asset.assetType.padEnd(5)}` : '      ';
  return `  ${LABELS[event.type]} ${event.assetId}${kind} after ${event.polls} polls, ${(tookMs / 1000).toFixed(1)} s`;
}

/** The closing figures: outcomes against expectations, polls, API calls, time. */
export function formatSummary(
  events: AssetEvent[],
  expected: Map<string, AssetEventType>,
  apiCalls: number,
  elapsedMs: number,
): string {
  const byType = new Map<AssetEventType, number>();
  let mismatches = 0;
  for (const event of events) {
    byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
    if (expected.get(event.assetId) !== event.type) {
      mismatches += 1;
    }
  }

  const distinct = new Set(events.map((event) => event.assetId)).size;
  const polls = events.reduce((sum, event) => sum + event.polls, 0);
  const counts = [...byType].map(([type, count]) => `${count} ${type.slice(6)}`).join(', ');

  return [
    `Resolved ${distinct} of ${expected.size} assets in ${(elapsedMs / 1000).toFixed(1)} s: ${counts}`,
    `${events.length} events (${events.length - distinct} duplicates, ${mismatches} with an unexpected outcome)`,
    `${polls} status reads counted as polls, ${apiCalls} asset-info calls to the simulator`,
  ].join('\n');
}
