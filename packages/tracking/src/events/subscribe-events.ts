import type { Redis } from 'ioredis';

import { eventChannel, type TrackingLocation } from '../tracking-keys.js';
import {
  type DeliveredAnyAssetEvent,
  type DeliveredAssetEvent,
  isAssetNotice,
  validateAnyAssetEvent,
} from './asset-event.js';

export type AssetEventHandler = (delivered: DeliveredAssetEvent) => void;

/** `subscribeAssetEvents` options. */
export interface SubscribeOptions {
  /** Also deliver notices (`asset.cancelled`, …); without it they are skipped. @default false */
  notices?: boolean | undefined;
}

/**
 * Calls `handler` for each event announced on the pub/sub channel. Pub/sub is
 * live only: events published while disconnected are not redelivered. Use
 * `readAssetEvents` where nothing may be missed. Resolves, once subscribed,
 * to a function that unsubscribes and closes the connection.
 */
export function subscribeAssetEvents(
  redis: Redis,
  location: TrackingLocation,
  handler: AssetEventHandler,
  onError?: (error: unknown) => void,
  options?: SubscribeOptions & { notices?: false | undefined },
): Promise<() => Promise<void>>;
export function subscribeAssetEvents(
  redis: Redis,
  location: TrackingLocation,
  handler: (delivered: DeliveredAnyAssetEvent) => void,
  onError: ((error: unknown) => void) | undefined,
  options: SubscribeOptions & { notices: true },
): Promise<() => Promise<void>>;
export async function subscribeAssetEvents(
  redis: Redis,
  location: TrackingLocation,
  handler: AssetEventHandler | ((delivered: DeliveredAnyAssetEvent) => void),
  onError: (error: unknown) => void = () => {},
  options: SubscribeOptions = {},
): Promise<() => Promise<void>> {
  const channel = eventChannel(location);
  const subscriber = redis.duplicate();

  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) {
      return;
    }

    try {
      const { id, event } = JSON.parse(message) as { id: string; event: unknown };
      const valid = validateAnyAssetEvent(event);
      // Notices reach only a handler that asked for them.
      if (options.notices || !isAssetNotice(valid)) {
        (handler as (delivered: DeliveredAnyAssetEvent) => void)({ id, event: valid });
      }
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
