import { duplicateClient, type RedisClient } from '../redis-client.js';

import { eventChannel } from '../tracking-keys.js';
import {
  type FeedAnyAssetEvent,
  type FeedAssetEvent,
  isAssetNotice,
  validateAnyAssetEvent,
} from './asset-event.js';
import { type EventSource, partitionsOf } from './event-source.js';

export type AssetEventHandler = (delivered: FeedAssetEvent) => void;

/** `subscribeAssetEvents` options. */
export interface SubscribeOptions {
  /** Also deliver notices (`asset.cancelled`, …); without it they are skipped. @default false */
  notices?: boolean | undefined;
}

/**
 * Calls `handler` for each event announced on the pub/sub channel, or on
 * every partition's channel of a topology, all on one connection. Pub/sub is
 * live only: events published while disconnected are not redelivered. Use
 * `readAssetEvents` where nothing may be missed. Resolves, once subscribed,
 * to a function that unsubscribes and closes the connection.
 */
export function subscribeAssetEvents(
  redis: RedisClient,
  where: EventSource,
  handler: AssetEventHandler,
  onError?: (error: unknown) => void,
  options?: SubscribeOptions & { notices?: false | undefined },
): Promise<() => Promise<void>>;
export function subscribeAssetEvents(
  redis: RedisClient,
  where: EventSource,
  handler: (delivered: FeedAnyAssetEvent) => void,
  onError: ((error: unknown) => void) | undefined,
  options: SubscribeOptions & { notices: true },
): Promise<() => Promise<void>>;
export async function subscribeAssetEvents(
  redis: RedisClient,
  where: EventSource,
  handler: AssetEventHandler | ((delivered: FeedAnyAssetEvent) => void),
  onError: (error: unknown) => void = () => {},
  options: SubscribeOptions = {},
): Promise<() => Promise<void>> {
  const partitionOfChannel = new Map(
    partitionsOf(where).map((location, partition) => [eventChannel(location), partition]),
  );
  const subscriber = duplicateClient(redis);

  subscriber.on('message', (channel: string, message: string) => {
    const partition = partitionOfChannel.get(channel);
    if (partition === undefined) {
      return;
    }

    try {
      const { id, event } = JSON.parse(message) as { id: string; event: unknown };
      const valid = validateAnyAssetEvent(event);
      // Notices reach only a handler that asked for them.
      if (options.notices || !isAssetNotice(valid)) {
        (handler as (delivered: FeedAnyAssetEvent) => void)({ id, event: valid, partition });
      }
    } catch (error) {
      onError(error);
    }
  });
  subscriber.on('error', onError);
  await subscriber.subscribe(...partitionOfChannel.keys());

  return async () => {
    await subscriber.quit().catch(() => subscriber.disconnect());
  };
}
