import type { Redis } from 'ioredis';

import { eventStreamKey, type TrackingLocation } from '../tracking-keys.js';
import {
  type DeliveredAnyAssetEvent,
  type DeliveredAssetEvent,
  isAssetNotice,
  parseAnyAssetEvent,
} from './asset-event.js';
import { entryField, type StreamEntry } from './stream-entry.js';

export interface ReadEventsOptions {
  /**
   * Where to start: `'$'` for events after this call, `'0'` for everything
   * the stream still holds, or an entry ID to resume after it. @default '$'
   */
  from?: string | undefined;
  /** Stops the reading; the iterator then ends without error. */
  signal?: AbortSignal | undefined;
  /** How long one blocking read waits, in ms. @default 5000 */
  blockMs?: number | undefined;
  /** Entries fetched per read. @default 100 */
  batchSize?: number | undefined;
  /**
   * Also deliver notices (`asset.cancelled`, `asset.removed`,
   * `asset.changed`); without it they are skipped. @default false
   */
  notices?: boolean | undefined;
}

/**
 * Reads readiness events from the stream, in order, resuming from a known
 * position, and waits for new ones. Blocking reads run on a duplicate of
 * `redis`, so the caller's connection stays free. Notices are skipped
 * unless `notices` is set.
 */
export function readAssetEvents(
  redis: Redis,
  location: TrackingLocation,
  options?: ReadEventsOptions & { notices?: false | undefined },
): AsyncGenerator<DeliveredAssetEvent>;
export function readAssetEvents(
  redis: Redis,
  location: TrackingLocation,
  options: ReadEventsOptions & { notices: true },
): AsyncGenerator<DeliveredAnyAssetEvent>;
export async function* readAssetEvents(
  redis: Redis,
  location: TrackingLocation,
  options: ReadEventsOptions = {},
): AsyncGenerator<DeliveredAnyAssetEvent> {
  const stream = eventStreamKey(location);
  // A blocking read waits for up to `blockMs` by design: a command timeout
  // inherited from a `client` connection would cut it off.
  const blocking = redis.duplicate({ commandTimeout: undefined });
  const stop = () => blocking.disconnect();
  options.signal?.addEventListener('abort', stop, { once: true });

  try {
    // '$' is resolved to a concrete ID once: re-sending '$' on every read
    // would skip whatever arrived between two reads.
    let lastId = options.from ?? '$';
    if (lastId === '$') {
      const newest = await blocking.xrevrange(stream, '+', '-', 'COUNT', 1);
      lastId = newest[0]?.[0] ?? '0-0';
    }

    while (!options.signal?.aborted) {
      const batch = await readBatch(blocking, stream, lastId, options);
      for (const [id, fields] of batch) {
        lastId = id;
        const json = entryField(fields, 'event');
        if (json === undefined) {
          continue;
        }

        const event = parseAnyAssetEvent(json);
        if (options.notices || !isAssetNotice(event)) {
          yield { id, event };
        }
      }
    }
  } catch (error) {
    if (!options.signal?.aborted) {
      throw error;
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    blocking.disconnect();
  }
}

async function readBatch(
  redis: Redis,
  stream: string,
  afterId: string,
  options: ReadEventsOptions,
): Promise<StreamEntry[]> {
  const count = options.batchSize ?? 100;
  const block = options.blockMs ?? 5000;
  const reply = await redis.xread('COUNT', count, 'BLOCK', block, 'STREAMS', stream, afterId);

  return (reply?.[0]?.[1] ?? []) as StreamEntry[];
}
