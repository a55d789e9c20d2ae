import type { RedisClient } from '../redis-client.js';

import type { TrackingLocation } from '../tracking-keys.js';
import type { AssetState, AssetStateStatus } from './asset-state.js';
import { listInFlightIds } from './list-in-flight.js';
import { finishedStateOf, getAssetStates } from './read-asset-state.js';
import {
  ASSET_OUTCOMES,
  type AssetOutcome,
  assetIndexKey,
  assetRecordKey,
} from './registry-keys.js';

/** Most assets one page may hold. */
export const MAX_LIST_LIMIT = 1000;

export interface ListAssetsOptions {
  /** Which assets: in flight (`tracking`), an outcome, or `errored`. */
  status: AssetStateStatus;
  /** Assets per page, 1 to 1000. @default 50 */
  limit?: number | undefined;
  /** Assets to skip, from the start of the listing. @default 0 */
  offset?: number | undefined;
}

export interface AssetPage {
  items: AssetState[];
  /** Assets with this status in all, as counted when the page was read. */
  total: number;
  /** The `offset` of the next page, or null when this was the last. */
  nextOffset: number | null;
}

/**
 * Lists assets by status, one page at a time. Finished assets come newest
 * first (by resolution time); in-flight ones as active, waiting,
 * prioritized, then delayed by due time. Offsets are positions in sets that
 * change while you page, so an asset that moves in between can be skipped
 * or seen twice: a listing is a view, not a snapshot.
 *
 * An outcome lists each asset's last finished tracking within the
 * retention, even if the asset has since been enqueued again.
 */
export async function listAssets(
  redis: RedisClient,
  location: TrackingLocation,
  options: ListAssetsOptions,
): Promise<AssetPage> {
  const limit = options.limit ?? 50;
  const offset = options.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new RangeError(
      `listAssets: \`limit\` must be a whole number from 1 to ${MAX_LIST_LIMIT}`,
    );
  }

  if (!Number.isInteger(offset) || offset < 0) {
    throw new RangeError('listAssets: `offset` must be a whole number, 0 or more');
  }

  const { ids, total, states } = ASSET_OUTCOMES.includes(options.status as AssetOutcome)
    ? await listFinished(redis, location, options.status as AssetOutcome, offset, limit)
    : await listInFlight(redis, location, options.status, offset, limit);

  // An asset that moved on between the two reads (resolved, or its record
  // expired) is left out rather than shown under a status it no longer has.
  const items = states.filter(
    (state): state is AssetState => state !== null && state.status === options.status,
  );
  const nextOffset = offset + ids.length < total ? offset + ids.length : null;

  return { items, total, nextOffset };
}

interface RawPage {
  ids: string[];
  total: number;
  states: (AssetState | null)[];
}

async function listFinished(
  redis: RedisClient,
  location: TrackingLocation,
  outcome: AssetOutcome,
  offset: number,
  limit: number,
): Promise<RawPage> {
  const key = assetIndexKey(location, outcome);
  const [total, ids] = await Promise.all([
    redis.zcard(key),
    redis.zrevrange(key, offset, offset + limit - 1),
  ]);

  // The records themselves, not `getAssetStates`: an asset enqueued again
  // since still lists under its last outcome.
  const records =
    ids.length === 0 ? [] : await redis.mget(ids.map((id) => assetRecordKey(location, id)));
  const states = ids.map((id, index) => {
    const record = records[index];
    return record ? finishedStateOf(id, record) : null;
  });

  return { ids, total, states };
}

async function listInFlight(
  redis: RedisClient,
  location: TrackingLocation,
  status: AssetStateStatus,
  offset: number,
  limit: number,
): Promise<RawPage> {
  const { ids, total } = await listInFlightIds(redis, location, status, offset, limit);
  return { ids, total, states: await getAssetStates(redis, location, ids) };
}
