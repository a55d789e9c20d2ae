import { duplicateClient, type RedisClient } from '../redis-client.js';

import { eventStreamKey } from '../tracking-keys.js';
import { type FeedAnyAssetEvent, type FeedAssetEvent, isAssetNotice } from './asset-event.js';
import { type EventSource, partitionsOf } from './event-source.js';
import { type FeedPosition, formatFeedPosition, parseFeedPosition } from './feed-position.js';
import { mergeIterators } from './merge-iterators.js';
import { type PartitionStep, readPartition } from './partition-reader.js';

export interface ReadEventsOptions {
  /**
   * Where to start: `'$'` for events after this call, `'0'` for everything
   * the streams still hold, or a position to resume after: an entry ID with
   * one partition, else one position per partition (see `FeedPosition`), as
   * `position()` gives it. @default '$'
   */
  from?: FeedPosition | undefined;
  /** Stops the reading; the iterator then ends without error. */
  signal?: AbortSignal | undefined;
  /** How long one blocking read waits, in ms. @default 5000 */
  blockMs?: number | undefined;
  /** Entries fetched per read, per partition. @default 100 */
  batchSize?: number | undefined;
  /**
   * Also deliver notices (`asset.cancelled`, `asset.removed`,
   * `asset.changed`); without it they are skipped. @default false
   */
  notices?: boolean | undefined;
}

/** The events of every partition as one iterator, which knows where it stands. */
export interface AssetEventFeed<T> extends AsyncGenerator<T> {
  /**
   * Where the feed stands after the events it delivered so far, to pass as
   * `from` to resume with the next one: nothing lost, nothing repeated.
   * Take it once an event is handled; `$` stands for a partition whose
   * newest entry is not known yet (reading has not begun).
   */
  position(): FeedPosition;
}

/**
 * Reads readiness events, resuming from a known position, and waits for new
 * ones. With several partitions, each partition's stream has a blocking
 * reader of its own (in a cluster one XREAD cannot name streams of
 * different slots), merged into one feed: the events of one partition, and
 * so of one asset, arrive in order; those of different partitions
 * interleave as they come. Blocking reads run on duplicates of `redis`, one
 * per partition, so the caller's connection stays free. Notices are skipped
 * unless `notices` is set. Throws a `RangeError` at once for a `from` that
 * does not fit the partitions.
 */
export function readAssetEvents(
  redis: RedisClient,
  where: EventSource,
  options?: ReadEventsOptions & { notices?: false | undefined },
): AssetEventFeed<FeedAssetEvent>;
export function readAssetEvents(
  redis: RedisClient,
  where: EventSource,
  options: ReadEventsOptions & { notices: true },
): AssetEventFeed<FeedAnyAssetEvent>;
export function readAssetEvents(
  redis: RedisClient,
  where: EventSource,
  options: ReadEventsOptions = {},
): AssetEventFeed<FeedAnyAssetEvent> {
  const streams = partitionsOf(where).map(eventStreamKey);
  const positions = parseFeedPosition(options.from ?? '$', streams.length);

  const feed = readFeed(redis, streams, positions, options);
  return Object.assign(feed, { position: () => formatFeedPosition(positions) });
}

/** The feed's body: moves `positions` along with every step it takes. */
async function* readFeed(
  redis: RedisClient,
  streams: readonly string[],
  positions: string[],
  options: ReadEventsOptions,
): AsyncGenerator<FeedAnyAssetEvent> {
  // A blocking read waits for up to `blockMs` by design: a command timeout
  // inherited from a `client` connection would cut it off.
  const readers = streams.map(() => duplicateClient(redis, { blocking: true }));
  const stop = () => {
    for (const reader of readers) {
      reader.disconnect();
    }
  };
  options.signal?.addEventListener('abort', stop, { once: true });

  try {
    const partitions = streams.map((stream, index) =>
      readPartition(
        readers[index] as RedisClient,
        stream,
        index,
        positions[index] as string,
        options,
      ),
    );
    // One partition is read as it always was, without a merge in between.
    const steps: AsyncIterable<PartitionStep> =
      partitions.length === 1
        ? (partitions[0] as AsyncGenerator<PartitionStep>)
        : mergeIterators(partitions);

    for await (const { partition, id, event } of steps) {
      positions[partition] = id;
      if (event && (options.notices || !isAssetNotice(event))) {
        yield { id, event, partition };
      }
    }
  } catch (error) {
    if (!options.signal?.aborted) {
      throw error;
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    stop();
  }
}
