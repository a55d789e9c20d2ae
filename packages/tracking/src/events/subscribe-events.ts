import type { Redis } from 'ioredis';

import { eventChannel, type TrackingLocation } from '../tracking-keys.js';
import { type DeliveredAssetEvent, validateAssetEvent } from './asset-event.js';

export type AssetEventHandler = (delivered: DeliveredAssetEvent) => void;

/**
 * Calls `handler` for each event announced on the pub/sub channel. Pub/sub is
 * live only: events published while disconnected are not redelivered. Use
 * `readAssetEvents` where nothing may be missed. Resolves, once subscribed,
 * to a function that unsubscribes and closes the connection.
 */
export async function subscribeAssetEvents(
  redis: Redis,
  location: TrackingLocation,
  handler: AssetEventHandler,
  onError: (error: unknown) => void = () => {},
): Promise<() => Promise<void>> {
  const channel = eventChannel(location);
  const subscriber = redis.duplicate();

  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) {
      return;
    }

    try {
      const { id, event } = JSON.parse(message) as { id: string; event: unknown };
      handler({ id, event: validateAssetEvent(event) });
    } catch (error) {
      onError(error);
    }
  });
  subscriber.on('error', onError);
  await subscriber.subscribe(channel);

  return async () => {
    await subscriber.quit().catch(() => subscriber.disconnect());
  };
}
