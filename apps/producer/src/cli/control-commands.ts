import type { AssetProducer } from '../producer.js';
import { formatTimeline } from './format-timeline.js';

/** Prints `value` as JSON with `--json`, else the line `line()` makes. */
export type Print = (value: unknown, line: () => string) => void;

/**
 * Runs `cancel`, `check-now` or `timeline` for one asset and resolves to the
 * exit status: 0 done, 3 the tracking had already ended (cancel), 4 the
 * asset is not in flight (or unknown, for the timeline).
 */
export async function runControlCommand(
  producer: AssetProducer,
  command: 'cancel' | 'check-now' | 'timeline',
  assetId: string,
  print: Print,
  reason?: string | undefined,
): Promise<number> {
  if (command === 'cancel') {
    const result = await producer.cancel(assetId, reason);
    print(result, () => {
      if (result.outcome !== 'cancelled') {
        return `${result.outcome.padEnd(15)} ${assetId}`;
      }

      const when = result.jobRemoved ? 'job removed' : 'job removed after the read in progress';
      return `cancelled       ${assetId}  ${result.eventId}, ${when}`;
    });
    return { cancelled: 0, 'already-ended': 3, 'not-tracked': 4 }[result.outcome];
  }

  if (command === 'check-now') {
    const result = await producer.checkNow(assetId);
    print(result, () => {
      const detail = result.outcome === 'already-due' ? ` (${result.queueState})` : '';
      return `${result.outcome.padEnd(15)} ${assetId}${detail}`;
    });
    return result.outcome === 'not-tracked' ? 4 : 0;
  }

  const timeline = await producer.timeline(assetId);
  print(timeline, () => (timeline ? formatTimeline(timeline) : `unknown    ${assetId}`));
  return timeline ? 0 : 4;
}
