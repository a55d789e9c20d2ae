import type { Redis } from 'ioredis';

import { getAssetStates } from '../registry/read-asset-state.js';
import { eventStreamKey, type TrackingLocation } from '../tracking-keys.js';
import {
  type AnyAssetEvent,
  type DeliveredAnyAssetEvent,
  parseAnyAssetEvent,
} from './asset-event.js';
import { entryField, type StreamEntry } from './stream-entry.js';

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
  redis: Redis,
  location: TrackingLocation,
  assetId: string,
  options: WaitForAssetOptions = {},
): Promise<DeliveredAnyAssetEvent> {
  const { trackingId, ...rest } = options;
  const { events } = await waitForAssets(redis, location, [{ assetId, trackingId }], rest);
  const delivered = events.get(assetId);
  if (!delivered) {
    throw new AssetWaitTimeoutError(assetId, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  }

  return delivered;
}

/**
 * Waits for the terminal events of many assets with one reader. Free of
 * races: it notes the stream's newest entry first, then looks up each
 * asset's finished record, then reads the stream from the noted entry on. An
 * event published before the note is in the registry; one published after
 * it is in what is read, so none falls in between. Resolves when every asset
 * has its event or the time is up (see `pending`); rejects with the signal's
 * reason when aborted. An asset the tracker does not know is waited for too,
 * as another producer may enqueue it.
 */
export async function waitForAssets(
  redis: Redis,
  location: TrackingLocation,
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
  const settle = (delivered: DeliveredAnyAssetEvent) => {
    const { assetId, trackingId } = delivered.event;
    const expected = wanted.get(assetId);
    if (!wanted.has(assetId) || (expected !== undefined && expected !== trackingId)) {
      return;
    }

    wanted.delete(assetId);
    events.set(assetId, delivered);
    options.onEvent?.(delivered);
  };

  // Its own connection: blocking reads would hold up the caller's, and a
  // command timeout (set on `client` connections) would cut them short.
  const reader = redis.duplicate({ commandTimeout: undefined });
  reader.on('error', () => {});
  const stop = () => reader.disconnect();
  options.signal?.addEventListener('abort', stop, { once: true });
  // Also cuts short a command queued while Redis is away, which a connection
  // that retries forever would otherwise hold past the deadline.
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    stop();
  }, timeoutMs);

  try {
    options.signal?.throwIfAborted();
    const stream = eventStreamKey(location);
    const newest = await reader.xrevrange(stream, '+', '-', 'COUNT', 1);
    const from = newest[0]?.[0] ?? '0-0';
    await settleFromRegistry(reader, location, [...wanted.keys()], settle);
    await readUntilDone(reader, stream, from, wanted, settle, options);
  } catch (error) {
    options.signal?.throwIfAborted();
    if (!expired) {
      throw error;
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
    reader.disconnect();
  }

  options.signal?.throwIfAborted();
  return { events, pending: [...wanted.keys()] };
}

const REGISTRY_BATCH = 1000;

async function settleFromRegistry(
  redis: Redis,
  location: TrackingLocation,
  assetIds: string[],
  settle: (delivered: DeliveredAnyAssetEvent) => void,
): Promise<void> {
  for (let start = 0; start < assetIds.length; start += REGISTRY_BATCH) {
    const states = await getAssetStates(
      redis,
      location,
      assetIds.slice(start, start + REGISTRY_BATCH),
    );
    for (const state of states) {
      if (state && 'eventId' in state) {
        settle({ id: state.eventId, event: state.event });
      }
    }
  }
}

async function readUntilDone(
  reader: Redis,
  stream: string,
  from: string,
  wanted: Map<string, string | undefined>,
  settle: (delivered: DeliveredAnyAssetEvent) => void,
  options: WaitForAssetsOptions,
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let lastId = from;

  while (wanted.size > 0 && !options.signal?.aborted) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      return;
    }

    const block = Math.max(1, Math.min(remaining, options.blockMs ?? 5000));
    const reply = await reader.xread('COUNT', 500, 'BLOCK', block, 'STREAMS', stream, lastId);
    for (const [id, fields] of (reply?.[0]?.[1] ?? []) as StreamEntry[]) {
      lastId = id;
      // The `assetId` field spares parsing the events of other assets.
      if (wanted.has(entryField(fields, 'assetId') ?? '')) {
        settleEntry(id, entryField(fields, 'event'), settle);
      }
    }
  }
}

/** Settles with the entry's event; an entry that is not a valid event is skipped, as readers do. */
function settleEntry(
  id: string,
  json: string | undefined,
  settle: (delivered: DeliveredAnyAssetEvent) => void,
): void {
  let event: AnyAssetEvent;
  try {
    event = parseAnyAssetEvent(json ?? '');
  } catch {
    // Only the publisher writes this stream, so this is a damaged entry;
    // waiting on is the best answer to it.
    return;
  }

  settle({ id, event });
}
