import type { RedisClient } from '../redis-client.js';

import { eventStreamKey } from '../tracking-keys.js';
import type {
  AnyAssetEventConsumerOptions,
  AssetEventConsumer,
  AssetEventConsumerOptions,
} from './consumer-options.js';
import { type EventSource, partitionsOf } from './event-source.js';
import { type FeedPosition, parseFeedPosition } from './feed-position.js';
import { PartitionConsumer } from './partition-consumer.js';

export type {
  AnyAssetEventConsumerOptions,
  AssetEventConsumer,
  AssetEventConsumerOptions,
} from './consumer-options.js';

/**
 * Consumes readiness events through a Redis consumer group, at least once:
 * each event goes to one consumer of the group, which acknowledges it only
 * after its handler succeeded. Entries a consumer left unacknowledged (it
 * crashed, or its handler threw) are taken over with XAUTOCLAIM once idle
 * for `reclaimIdleMs`, by whichever consumer looks first, this one included.
 * Resolves once the group exists and reading has begun. Notices are
 * handled only with `notices: true`; otherwise acknowledged and skipped.
 *
 * With several partitions, each partition's stream has a group of the same
 * name and its own read loop: the handler sees one partition's events (and
 * so one asset's) in order, but may run for events of different partitions
 * at the same time.
 */
export function startAssetEventConsumer(
  redis: RedisClient,
  where: EventSource,
  options: AssetEventConsumerOptions,
): Promise<AssetEventConsumer>;
export function startAssetEventConsumer(
  redis: RedisClient,
  where: EventSource,
  options: AnyAssetEventConsumerOptions,
): Promise<AssetEventConsumer>;
export async function startAssetEventConsumer(
  redis: RedisClient,
  where: EventSource,
  options: AssetEventConsumerOptions | AnyAssetEventConsumerOptions,
): Promise<AssetEventConsumer> {
  const streams = partitionsOf(where).map(eventStreamKey);
  const startAt = parseFeedPosition(options.startAt ?? '$', streams.length);

  await Promise.all(
    streams.map((stream, index) =>
      createGroup(redis, stream, options.group, startAt[index] as string),
    ),
  );

  // Notices reach the handler only when it asked for them (checked per entry).
  const consumers = streams.map(
    (stream, index) =>
      new PartitionConsumer(redis, stream, index, options as AnyAssetEventConsumerOptions),
  );
  return consumers.length === 1 ? (consumers[0] as PartitionConsumer) : allOf(consumers);
}

/**
 * Moves the group's position back (or forward) so that the entries after
 * `afterId` are delivered to it again: `'0'` replays all the streams keep;
 * with several partitions, give one position per partition (see
 * `FeedPosition`). Entries already pending stay pending.
 */
export async function rewindConsumerGroup(
  redis: RedisClient,
  where: EventSource,
  group: string,
  afterId: FeedPosition,
): Promise<void> {
  const streams = partitionsOf(where).map(eventStreamKey);
  const positions = parseFeedPosition(afterId, streams.length);

  await Promise.all(
    streams.map((stream, index) =>
      redis.xgroup('SETID', stream, group, positions[index] as string),
    ),
  );
}

async function createGroup(
  redis: RedisClient,
  stream: string,
  group: string,
  startAt: string,
): Promise<void> {
  try {
    await redis.xgroup('CREATE', stream, group, startAt, 'MKSTREAM');
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) {
      throw error;
    }
  }
}

/** The consumers of every partition, seen and closed as one. */
function allOf(consumers: readonly PartitionConsumer[]): AssetEventConsumer {
  const [first] = consumers as [PartitionConsumer];
  return {
    group: first.group,
    consumer: first.consumer,
    close: async () => {
      await Promise.all(consumers.map((consumer) => consumer.close()));
    },
  };
}
