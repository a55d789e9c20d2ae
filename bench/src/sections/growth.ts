import { int, ratio, roundRatio, times } from '../report/format.js';
import type { Table } from '../report/table.js';
import type { SizeRounds } from './size-rounds.js';

/** Section 6: how memory, enqueue rate and checks/s change with the work in flight. */
export async function growthSection(
  rounds: SizeRounds,
  sizes: number[],
  skipped: string[],
): Promise<Table> {
  const rows: string[][] = [];
  for (const size of sizes) {
    const round = await rounds.get(size);
    const rate = (enqueueMs: number) => (size / enqueueMs) * 1000;
    const ours = round.checks?.ours.checksPerSecond ?? Number.NaN;
    const bare = round.checks?.bare.checksPerSecond ?? Number.NaN;
    const versus = roundRatio(
      round.checks?.ours.roundRates ?? [],
      round.checks?.bare.roundRates ?? [],
    );

    rows.push([
      int(size),
      int(round.oursEnqueued.bytesPerAsset),
      int(round.bareDelayed.bytesPerAsset),
      int(rate(round.oursEnqueued.enqueueMs)),
      int(rate(round.bareWaiting.enqueueMs)),
      ratio(rate(round.oursEnqueued.enqueueMs), rate(round.bareWaiting.enqueueMs)),
      int(ours),
      int(bare),
      times(versus),
    ]);
  }

  return {
    title: '6. Cost growth with assets in flight',
    columns: [
      'in flight',
      'ours bytes/asset (enqueued)',
      'bare delayed bytes/asset',
      'ours enqueue IDs/s',
      'bare addBulk IDs/s',
      'enqueue ours vs bare',
      'ours checks/s',
      '(a) checks/s',
      'checks ours vs (a)',
    ],
    rows,
    notes: [
      'checks/s: one worker process with every one of the N assets due (waits ' +
        "of 1 ms), so the queue's sets hold N entries while it works.",
      ...skipped,
    ],
  };
}
