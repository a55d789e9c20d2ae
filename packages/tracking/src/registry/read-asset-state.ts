import { parseExtraMetadata } from '../control/merge-metadata.js';
import { validateAnyAssetEvent } from '../events/asset-event.js';
import type { AssetMetadata } from '../job-data.js';
import { EXTRA_METADATA_FIELD, PUBLISHED_FIELD } from '../job-fields.js';
import type { RedisClient } from '../redis-client.js';
import { parseTrackingJob } from '../stored-job.js';
import { decodeTimeline } from '../timeline/timeline-codec.js';
import { jobKey, type TrackingLocation } from '../tracking-keys.js';
import type { AssetState, FinishedAssetState, QueueState } from './asset-state.js';
import { assetRecordKey, outcomeOf, queueSetKey } from './registry-keys.js';

/**
 * Reads an asset's state in one atomic step, so a job moving between sets
 * is never seen twice or missed. An in-flight job wins over a finished
 * record (it is a newer tracking), unless it has already published its event
 * and only waits to be removed. A job that is in none of the sets checked is
 * waiting: finding it in the wait list itself would cost a scan of the list.
 *
 * KEYS: job hash, delayed, prioritized, active, record. ARGV: job ID.
 * Returns `{'tracking', data, queueState, delayedScore, extraMetadata, progress}`,
 * `{'finished', recordJson}`, `{'errored', data, failedReason, '', '', progress}`
 * or nil.
 */
const READ_STATE_SCRIPT = `
local job = redis.call('HMGET', KEYS[1], 'data', 'finishedOn', '${PUBLISHED_FIELD}', 'failedReason', '${EXTRA_METADATA_FIELD}', 'progress')
local data = job[1]
if data and not job[2] and not job[3] then
  local due = redis.call('ZSCORE', KEYS[2], ARGV[1])
  local state = 'waiting'
  if due then
    state = 'delayed'
  elseif redis.call('ZSCORE', KEYS[3], ARGV[1]) then
    state = 'prioritized'
  elseif redis.call('LPOS', KEYS[4], ARGV[1]) then
    state = 'active'
  end
  return {'tracking', data, state, due or '', job[5] or '', job[6] or ''}
end
local record = redis.call('GET', KEYS[5])
if record then
  return {'finished', record}
end
if data and job[2] then
  return {'errored', data, job[4] or '', '', '', job[6] or ''}
end
return false
`;

type StateReply = [kind: string, ...fields: string[]] | null;
type ReadState = (...keysThenArgs: string[]) => Promise<StateReply>;

/** BullMQ scores delayed jobs as `timestamp * 0x1000 + counter`. */
const DELAYED_SCORE_FACTOR = 0x1000;

/** The asset's last known state, or null when the tracker has no record of it. */
export async function getAssetState(
  redis: RedisClient,
  location: TrackingLocation,
  assetId: string,
): Promise<AssetState | null> {
  const [state] = await getAssetStates(redis, location, [assetId]);
  return state ?? null;
}

/** `getAssetState` for many assets in one round trip; results in the order asked. */
export async function getAssetStates(
  redis: RedisClient,
  location: TrackingLocation,
  assetIds: readonly string[],
): Promise<(AssetState | null)[]> {
  if (!('crunReadState' in redis)) {
    redis.defineCommand('crunReadState', { numberOfKeys: 5, lua: READ_STATE_SCRIPT });
  }

  // A pipeline takes the scripts its connection had when it was made.
  const pipeline = redis.pipeline() as ReturnType<RedisClient['pipeline']> & {
    crunReadState: ReadState;
  };
  for (const assetId of assetIds) {
    void pipeline.crunReadState(
      jobKey(location, assetId),
      queueSetKey(location, 'delayed'),
      queueSetKey(location, 'prioritized'),
      queueSetKey(location, 'active'),
      assetRecordKey(location, assetId),
      assetId,
    );
  }

  const replies = (await pipeline.exec()) ?? [];
  return assetIds.map((assetId, index) => {
    const [error, reply] = replies[index] ?? [null, null];
    if (error) {
      throw error;
    }

    return toAssetState(assetId, reply as StateReply);
  });
}

/** The state a registry record (`{ id, event }` as JSON) describes. */
export function finishedStateOf(assetId: string, record: string): FinishedAssetState {
  const { id, event } = JSON.parse(record) as { id: string; event: unknown };
  const parsed = validateAnyAssetEvent(event);

  return {
    assetId,
    status: outcomeOf(parsed.type),
    trackingId: parsed.trackingId,
    polls: parsed.polls,
    firstSeenAt: parsed.firstSeenAt,
    metadata: parsed.metadata,
    metadataList: parsed.metadataList ?? (parsed.metadata ? [parsed.metadata] : []),
    timeline: parsed.timeline ?? [],
    resolvedAt: parsed.resolvedAt,
    eventId: id,
    event: parsed,
  };
}

function toAssetState(assetId: string, reply: StateReply): AssetState | null {
  if (reply === null) {
    return null;
  }

  const [kind, first = '', second = '', third = '', fourth = '', progress = ''] = reply;
  if (kind === 'finished') {
    return finishedStateOf(assetId, first);
  }

  const data = parseTrackingJob(assetId, first, progress);
  const firstMetadata: AssetMetadata[] = data.metadata ? [data.metadata] : [];
  const base = {
    assetId,
    trackingId: data.trackingId,
    polls: data.polls,
    firstSeenAt: new Date(data.firstSeenAt).toISOString(),
    metadata: data.metadata ?? null,
    metadataList: [...firstMetadata, ...parseExtraMetadata(fourth)],
    timeline: decodeTimeline(data.timeline),
  };

  if (kind === 'errored') {
    return { ...base, status: 'errored', reason: second };
  }

  const dueMs = third === '' ? null : Math.floor(Number(third) / DELAYED_SCORE_FACTOR);
  return {
    ...base,
    status: 'tracking',
    queueState: second as QueueState,
    retries: data.retries,
    nextCheckAt: dueMs === null ? null : new Date(dueMs).toISOString(),
  };
}
