import { fixed, int, ratio } from '../report/format.js';
import type { Table } from '../report/table.js';
import type { HeldAssets } from './size-round.js';
import type { SizeRounds } from './size-rounds.js';

/** Section 3: Redis memory per tracked asset, ours against a bare delayed BullMQ job. */
export async function memorySection(
  rounds: SizeRounds,
  size: number,
  listpackMax: number,
): Promise<Table> {
  const round = await rounds.get(size);
  const baseline = round.bareDelayed.bytesPerAsset;
  const states: [string, HeldAssets | undefined][] = [
    ['bare delayed job, data {assetId} (baseline)', round.bareDelayed],
    ['bare waiting job, data {assetId}', round.bareWaiting],
    ['ours, enqueued (waiting, before its first read)', round.oursEnqueued],
    ['ours, parked (after a read, delayed a day)', round.oursParked],
    [
      `bare delayed job, hash-max-listpack-value ${round.roomyListpack?.valueMax}`,
      round.roomyListpack?.bareDelayed,
    ],
    [
      `ours, parked, hash-max-listpack-value ${round.roomyListpack?.valueMax}`,
      round.roomyListpack?.oursParked,
    ],
  ];

  const rows = states.flatMap(([label, held]) =>
    held
      ? [
          [
            label,
            int(held.bytesPerAsset),
            ratio(held.bytesPerAsset, baseline),
            `${int(held.sample.bytes)} (${held.sample.encoding})`,
            int(held.setBytesPerAsset),
            fixed(held.eventsBytes / size, 0),
            int(
              held.bytesPerAsset -
                held.sample.bytes -
                held.setBytesPerAsset -
                held.eventsBytes / size,
            ),
          ],
        ]
      : [],
  );

  const parked = round.oursParked;
  const steady = parked ?? round.oursEnqueued;
  return {
    title: `3. Redis memory per tracked asset, ${int(size)} in flight`,
    columns: [
      'state',
      'bytes/asset',
      'vs bare delayed',
      'job hash bytes (encoding)',
      'list/zset bytes/asset',
      'BullMQ events stream bytes/asset',
      'rest (key dict, meta) bytes/asset',
    ],
    rows,
    notes: [
      'bytes/asset: INFO used_memory delta after MEMORY PURGE, less client buffers, ' +
        'AOF buffer and script cache, divided by N; everything the queue holds ' +
        'is included.',
      `Largest field of a sample job hash, ours: ${largestField(steady)}; bare: ` +
        `${largestField(round.bareDelayed)}; hash-max-listpack-value is ${listpackMax} ` +
        `bytes (a hash with any longer value leaves the compact listpack encoding).`,
      `Sample job hash fields (name=bytes), ours ${parked ? 'parked' : 'enqueued'}: ` +
        `${fieldList(steady)}.`,
      'Target ours ≤ bare delayed (the issue quotes 790–920 bytes): ' +
        `${steady.bytesPerAsset <= baseline ? 'met' : 'MISSED'} ` +
        `(${int(steady.bytesPerAsset)} vs ${int(baseline)}).`,
      ...(parked
        ? [`Parking ${int(size)} assets (one read each) took ${int(parked.readMs)} ms.`]
        : []),
    ],
  };
}

function largestField(held: HeldAssets): string {
  const [name, bytes] = [...held.sample.fields].sort((a, b) => b[1] - a[1])[0] ?? ['none', 0];
  return `${name} (${bytes} bytes)`;
}

function fieldList(held: HeldAssets): string {
  return held.sample.fields.map(([name, bytes]) => `${name}=${bytes}`).join(', ');
}
