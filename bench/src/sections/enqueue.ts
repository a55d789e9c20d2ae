import { int, ms, ratio } from '../report/format.js';
import type { Table } from '../report/table.js';
import { assetIds } from '../workload/asset-ids.js';
import { BATCH_SIZE } from '../workload/enqueue.js';
import { enqueueThroughIntake } from './intake-enqueue.js';
import type { SizeRounds } from './size-rounds.js';

/** Fresh IDs for the intake, so none is already tracked. */
const INTAKE_SERIES = 4;

/** Section 4: IDs per second into the queue, the library against a bare `addBulk`. */
export async function enqueueSection(rounds: SizeRounds, size: number): Promise<Table> {
  const round = await rounds.get(size);
  const rate = (enqueueMs: number) => (size / enqueueMs) * 1000;
  const baseline = rate(round.bareWaiting.enqueueMs);
  const paths: [string, number][] = [
    ['bare queue.addBulk, waiting (baseline)', round.bareWaiting.enqueueMs],
    ['bare queue.addBulk, delayed', round.bareDelayed.enqueueMs],
    ['ours, AssetProducer.enqueue', round.oursEnqueued.enqueueMs],
    ['ours, HTTP intake POST /v1/assets (fastify)', await measureIntake(rounds, size)],
  ];

  return {
    title: `4. Enqueue rate, ${int(size)} IDs in batches of ${BATCH_SIZE}`,
    columns: ['path', 'IDs/s', 'vs bare addBulk', `time for ${int(size)}`],
    rows: paths.map(([label, enqueueMs]) => [
      label,
      int(rate(enqueueMs)),
      ratio(rate(enqueueMs), baseline),
      ms(enqueueMs),
    ]),
    notes: [
      "Bare jobs use job ID = asset ID too (BullMQ's own duplicate refusal) and " +
        'data `{ assetId }`; ours validates, reads back before and after adding ' +
        '(to report queued / already-tracked per ID) and adds through BullMQ.',
      'HTTP intake: createIntakeServer from @crun/producer on 127.0.0.1, one client ' +
        'posting batches of 1000 IDs in turn over a keep-alive connection, from an ' +
        'empty Redis.',
    ],
  };
}

/** The same IDs through the HTTP intake, from an empty Redis; undefined without an intake. */
async function measureIntake(rounds: SizeRounds, size: number): Promise<number> {
  const env = rounds.env;
  await env.reset();
  try {
    const location = { prefix: 'bench', queueName: `intake-${size}` };
    return await enqueueThroughIntake(env.redis.url, location, assetIds(size, INTAKE_SERIES));
  } finally {
    await env.reset();
  }
}
