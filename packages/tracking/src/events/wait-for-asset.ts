import { duplicateClient, type RedisClient } from '../redis-client.js';

import type { TrackingLocation } from '../tracking-keys.js';
import type { DeliveredAnyAssetEvent } from './asset-event.js';
import { type EventSource, partitionsOf } from './event-source.js';
import { waitInPartition } from './wait-in-partition.js';

/** The wait ended before the asset's tracking did; it is still in flight (or unknown). */
export class AssetWaitTimeoutError extends Error {
  override name = 'AssetWaitTimeoutError';

  constructor(
    readonly assetId: string,
    readonly timeoutMs: number,
  ) {
    super(`no event for ${assetId} within ${timeoutMs} ms`);
  }
}

/** An asset to wait for; with a `trackingId`, only that tracking's event counts. */
export interface WaitTarget {
  assetId: string;
  trackingId?: string | undefined;
}

export interface WaitForAssetsOptions {
  /** How long to wait in all, in ms; at most 2147483647 (24.8 days). @default 600000 (10 minutes) */
  timeoutMs?: number | undefined;
  /** Stops waiting; the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Called once per asset as its event is found, in the order found. */
  onEvent?: ((delivered: DeliveredAnyAssetEvent) => void) | undefined;
  /** Longest single blocking read, in ms. @default 5000 */
  blockMs?: number | undefined;
}

export interface WaitForAssetOptions extends Omit<WaitForAssetsOptions, 'onEvent'> {
  /** Only this tracking's event counts (from the enqueue result); else any later one. */
  trackingId?: string | undefined;
}

export interface WaitForAssetsResult {
  /** The terminal event of each asset that has one, by asset ID. */
  events: Map<string, DeliveredAnyAssetEvent>;
  /** Assets without an event when the time ran out. */
  pending: string[];
}

const DEFAULT_TIMEOUT_MS = 600_000;

/** Longest delay a Node.js timer takes; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Resolves with the asset's terminal event, even one published just before
 * the call: a tracking outcome, or a notice (`asset.cancelled`, or what the
 * re-validation sweep found later). Rejects with `AssetWaitTimeoutError` after `timeoutMs`, or with
 * the signal's reason when aborted. See `waitForAssets`.
 */
export async function waitForAsset(
  redis: RedisClient,
  where: EventSource,
  assetId: string,
  options: WaitForAssetOptions = {},
): Promise<DeliveredAnyAssetEvent> {
  const { trackingId, ...rest } = options;
  const { events } = await waitForAssets(redis, where, [{ assetId, trackingId }], rest);
  const delivered = events.get(assetId);
  if (!delivered) {
    throw new AssetWaitTimeoutError(assetId, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  }

  return delivered;
}

/**
 * Waits for the terminal events of many assets, free of races: each asset's
 * partition notes its stream's newest entry, looks up the finished records,
 * then reads on from the noted entry (see `waitInPartition`), so no event
 * falls in between. With several partitions, only those of the assets are
 * read, each with a reader of its own, in parallel. Resolves when every
 * asset has its event or the time is up (see `pending`); rejects with the
 * signal's reason when aborted. An asset the tracker does not know is
 * waited for too, as another producer may enqueue it.
 */
export async function waitForAssets(
  redis: RedisClient,
  where: EventSource,
  targets: readonly (string | WaitTarget)[],
  options: WaitForAssetsOptions = {},
): Promise<WaitForAssetsResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)) {
    throw new RangeError(`waitForAssets: \`timeoutMs\` must be from 1 to ${MAX_TIMER_MS}`);
  }

  const wanted = new Map<string, string | undefined>();
  for (const target of targets) {
    const { assetId, trackingId } = typeof target === 'string' ? { assetId: target } : target;
    wanted.set(assetId, trackingId);
  }

  const events = new Map<string, DeliveredAnyAssetEvent>();
  const waits = partitionWaits(where, wanted);
  // Each partition settles only its share of the assets, so that its read
  // ends once its share is done, whatever the other partitions still wait for.
  const settleIn =
    (share: Map<string, string | undefined>) => (delivered: DeliveredAnyAssetEvent) => {
      const { assetId, trackingId } = delivered.event;
      const expected = share.get(assetId);
      if (!share.has(assetId) || (expected !== undefined && expected !== trackingId)) {
        return;
      }

      share.delete(assetId);
      wanted.delete(assetId);
      events.set(assetId, delivered);
      options.onEvent?.(delivered);
    };

  // Their own connections: blocking reads would hold up the caller's, and a
  // command timeout (set on `client` connections) would cut them short.
  const readers = waits.map(() => {
    const reader = duplicateClient(redis, { blocking: true });
    reader.on('error', () => {});
    return reader;
  });
  const stop = () => {
    for (const reader of readers) {
      reader.disconnect();
    }
  };
  options.signal?.addEventListener('abort', stop, { once: true });
  // Also cuts short a command queued while Redis is away, which a connection
  // that retries forever would otherwise hold past the deadline.
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    stop();
  }, timeoutMs);
  const partitionOptions = {
    deadline: Date.now() + timeoutMs,
    signal: options.signal,
    blockMs: options.blockMs,
  };

  // The first failure stops every partition's wait; all have ended before
  // this returns, so none settles an event afterwards.
  let failure: { error: unknown } | undefined;
  try {
    options.signal?.throwIfAborted();
    await Promise.all(
      waits.map(async ({ location, share }, index) => {
        try {
          const reader = readers[index] as RedisClient;
          await waitInPartition(reader, location, share, settleIn(share), partitionOptions);
        } catch (error) {
          failure ??= { error };
          stop();
        }
      }),
    );
    if (failure) {
      throw failure.error;
    }
  } catch (error) {
    options.signal?.throwIfAborted();
    if (!expired) {
      throw error;
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
    stop();
  }

  options.signal?.throwIfAborted();
  return { events, pending: [...wanted.keys()] };
}

/** The partitions that track the wanted assets, each with its share of them. */
function partitionWaits(
  where: EventSource,
  wanted: Map<string, string | undefined>,
): { location: TrackingLocation; share: Map<string, string | undefined> }[] {
  const partitions = partitionsOf(where);
  if (partitions.length === 1 || !('partitionIndexOf' in where)) {
    return [{ location: partitions[0] as TrackingLocation, share: new Map(wanted) }];
  }

  const byPartition = where.groupByPartition([...wanted], ([assetId]) => assetId);
  return [...byPartition].map(([index, share]) => ({
    location: partitions[index] as TrackingLocation,
    share: new Map(share),
  }));
}
