import type { FeedAnyAssetEvent, FeedAssetEvent } from './asset-event.js';
import type { FeedPosition } from './feed-position.js';

export interface AssetEventConsumerOptions {
  /** The group: every process of one subscribing service uses the same name. */
  group: string;
  /** This consumer's name, unique in the group. @default `<hostname>-<pid>` */
  consumer?: string | undefined;
  /**
   * Handles one event. The entry is acknowledged once this resolves; if it
   * throws, the entry stays pending and is handled again after
   * `reclaimIdleMs`, here or by another consumer. Handle events idempotently.
   */
  handler: (delivered: FeedAssetEvent) => Promise<void> | void;
  /**
   * Where a new group starts: `'$'` for events after its creation, `'0'` for
   * all the streams keep, or a position to start after: an entry ID with one
   * partition, else one per partition (see `FeedPosition`). Ignored where
   * the group exists. @default '$'
   */
  startAt?: FeedPosition | undefined;
  /** How long an entry may stay unacknowledged before it is taken over, in ms. @default 60000 */
  reclaimIdleMs?: number | undefined;
  /** How often to look for such entries, in ms. @default 10000 */
  reclaimIntervalMs?: number | undefined;
  /** Longest single blocking read, in ms. @default 5000 */
  blockMs?: number | undefined;
  /** Entries fetched per read or takeover. @default 50 */
  batchSize?: number | undefined;
  /**
   * Told of what went wrong: a handler that threw (with its event), an entry
   * that is not an event (acknowledged, so it does not come back), a Redis
   * error (the consumer retries after a second). @default ignore
   */
  onError?: ((error: unknown, delivered?: FeedAssetEvent) => void) | undefined;
  /** Notices are acknowledged and skipped; see `AnyAssetEventConsumerOptions`. */
  notices?: false | undefined;
}

/** A consumer that also handles notices (`asset.cancelled`, `asset.removed`, `asset.changed`). */
export interface AnyAssetEventConsumerOptions
  extends Omit<AssetEventConsumerOptions, 'handler' | 'onError' | 'notices'> {
  notices: true;
  handler: (delivered: FeedAnyAssetEvent) => Promise<void> | void;
  onError?: ((error: unknown, delivered?: FeedAnyAssetEvent) => void) | undefined;
}

export interface AssetEventConsumer {
  readonly group: string;
  readonly consumer: string;
  /** Stops reading, lets the event in hand finish and be acknowledged, then resolves. */
  close(): Promise<void>;
}
