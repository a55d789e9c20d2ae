import type { RedisClient } from '../redis-client.js';
import { type AnyAssetEvent, parseAnyAssetEvent } from './asset-event.js';
import { entryField, type StreamEntry } from './stream-entry.js';

/**
 * One step of a reader through a partition's stream: the position it moved
 * to, with the event found there. Steps without an event move the position
 * only: `$` resolved to the newest entry, or an entry that holds no event.
 */
export interface PartitionStep {
  partition: number;
  id: string;
  event?: AnyAssetEvent | undefined;
}

export interface PartitionReadOptions {
  blockMs?: number | undefined;
  batchSize?: number | undefined;
}

/**
 * Reads one partition's stream after `from` for as long as it is iterated,
 * waiting for new entries with blocking reads on `blocking`, a connection of
 * its own. Ends only when the caller stops iterating or the connection is
 * closed under it (the read then throws).
 */
export async function* readPartition(
  blocking: RedisClient,
  stream: string,
  partition: number,
  from: string,
  options: PartitionReadOptions,
): AsyncGenerator<PartitionStep> {
  // '$' is resolved to a concrete ID once: re-sending '$' on every read
  // would skip whatever arrived between two reads.
  let lastId = from;
  if (lastId === '$') {
    const newest = await blocking.xrevrange(stream, '+', '-', 'COUNT', 1);
    lastId = newest[0]?.[0] ?? '0-0';
    yield { partition, id: lastId };
  }

  const count = options.batchSize ?? 100;
  const block = options.blockMs ?? 5000;
  for (;;) {
    const reply = await blocking.xread('COUNT', count, 'BLOCK', block, 'STREAMS', stream, lastId);
    for (const [id, fields] of (reply?.[0]?.[1] ?? []) as StreamEntry[]) {
      lastId = id;
      const json = entryField(fields, 'event');
      yield { partition, id, event: json === undefined ? undefined : parseAnyAssetEvent(json) };
    }
  }
}
