import type { RedisClient } from '../redis-client.js';

import { getAssetStates } from '../registry/read-asset-state.js';
import { eventStreamKey, type TrackingLocation } from '../tracking-keys.js';
import {
  type AnyAssetEvent,
  type DeliveredAnyAssetEvent,
  parseAnyAssetEvent,
} from './asset-event.js';
import { entryField, type StreamEntry } from './stream-entry.js';

export interface PartitionWaitOptions {
  signal?: AbortSignal | undefined;
  /** When the whole wait ends, as `Date.now()` time. */
  deadline: number;
  blockMs?: number | undefined;
}

/**
 * Waits in one partition for the events of `wanted` (asset ID to the
 * tracking that counts, if one), which `settle` removes as it finds them.
 * Free of races: it notes the stream's newest entry first, then looks up
 * each asset's finished record, then reads the stream from the noted entry
 * on. An event published before the note is in the registry; one published
 * after it is in what is read, so none falls in between. Returns once
 * `wanted` is empty or the deadline passed; `reader` is its own connection,
 * which the caller closes to cut it short.
 */
export async function waitInPartition(
  reader: RedisClient,
  location: TrackingLocation,
  wanted: Map<string, string | undefined>,
  settle: (delivered: DeliveredAnyAssetEvent) => void,
  options: PartitionWaitOptions,
): Promise<void> {
  const stream = eventStreamKey(location);
  const newest = await reader.xrevrange(stream, '+', '-', 'COUNT', 1);
  const from = newest[0]?.[0] ?? '0-0';

  await settleFromRegistry(reader, location, [...wanted.keys()], settle);

  await readUntilDone(reader, stream, from, wanted, settle, options);
}

const REGISTRY_BATCH = 1000;

async function settleFromRegistry(
  redis: RedisClient,
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
  reader: RedisClient,
  stream: string,
  from: string,
  wanted: Map<string, string | undefined>,
  settle: (delivered: DeliveredAnyAssetEvent) => void,
  options: PartitionWaitOptions,
): Promise<void> {
  let lastId = from;

  while (wanted.size > 0 && !options.signal?.aborted) {
    const remaining = options.deadline - Date.now();
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
