import type { AssetMetadata } from '../job-data.js';
import { EXTRA_METADATA_FIELD, MAX_METADATA_LIST, PUBLISHED_FIELD } from '../job-fields.js';
import type { RedisClient } from '../redis-client.js';
import { LUA_IS_TRACKING } from '../stored-job.js';
import { jobKey, type TrackingLocation } from '../tracking-keys.js';
import { canonicalJson } from './canonical-json.js';

/**
 * What became of a later enqueuer's metadata:
 * - `merged`: it will be in the tracking's event (`metadataList`);
 * - `duplicate`: an equal object (keys in any order) is there already;
 * - `full`: the tracking carries 8 distinct objects already; not added;
 * - `ended`: the tracking ended meanwhile (its event is out); not added.
 */
export type MetadataMergeOutcome = 'merged' | 'duplicate' | 'full' | 'ended';

/** A later enqueuer's metadata for the running tracking `trackingId`. */
export interface MetadataMerge {
  assetId: string;
  trackingId: string;
  metadata: AssetMetadata;
  /** The first enqueuer's metadata, from the job's data. */
  first: AssetMetadata | null;
}

/**
 * Appends one line to the job hash's extra-metadata field, atomically, so
 * pipelines enqueuing at once lose none, and only while the tracking is
 * the one meant and has published nothing. The worker's data rewrites never
 * touch this field. KEYS: job hash. ARGV: tracking ID, canonical metadata
 * JSON, most lines kept.
 */
const MERGE_SCRIPT = `${LUA_IS_TRACKING}
local job = redis.call('HMGET', KEYS[1], 'data', 'finishedOn', '${PUBLISHED_FIELD}', '${EXTRA_METADATA_FIELD}')
if not job[1] or job[2] or job[3] then
  return 'ended'
end
if not isTracking(job[1], ARGV[1]) then
  return 'ended'
end
local stored = job[4]
if not stored then
  redis.call('HSET', KEYS[1], '${EXTRA_METADATA_FIELD}', ARGV[2])
  return 'merged'
end
if string.find('\\n' .. stored .. '\\n', '\\n' .. ARGV[2] .. '\\n', 1, true) then
  return 'duplicate'
end
local _, breaks = string.gsub(stored, '\\n', '')
if breaks + 1 >= tonumber(ARGV[3]) then
  return 'full'
end
redis.call('HSET', KEYS[1], '${EXTRA_METADATA_FIELD}', stored .. '\\n' .. ARGV[2])
return 'merged'
`;

type MergeCommand = (key: string, trackingId: string, json: string, max: number) => unknown;

/**
 * Adds each later enqueuer's metadata to its running tracking, in one round
 * trip; outcomes in the order given. Metadata equal to the first
 * enqueuer's is a duplicate without asking Redis.
 */
export async function mergeMetadata(
  redis: RedisClient,
  location: TrackingLocation,
  merges: readonly MetadataMerge[],
): Promise<MetadataMergeOutcome[]> {
  if (!('crunMergeMetadata' in redis)) {
    redis.defineCommand('crunMergeMetadata', { numberOfKeys: 1, lua: MERGE_SCRIPT });
  }

  const pipeline = redis.pipeline() as ReturnType<RedisClient['pipeline']> & {
    crunMergeMetadata: MergeCommand;
  };
  const sent: number[] = [];
  const outcomes: MetadataMergeOutcome[] = merges.map((merge, index) => {
    const json = canonicalJson(merge.metadata);
    if (merge.first && canonicalJson(merge.first) === json) {
      return 'duplicate';
    }

    pipeline.crunMergeMetadata(
      jobKey(location, merge.assetId),
      merge.trackingId,
      json,
      MAX_METADATA_LIST - 1,
    );
    sent.push(index);
    return 'merged';
  });

  if (sent.length === 0) {
    return outcomes;
  }

  const replies = (await pipeline.exec()) ?? [];
  sent.forEach((index, nth) => {
    const [error, reply] = replies[nth] ?? [null, 'ended'];
    if (error) {
      throw error;
    }

    outcomes[index] = reply as MetadataMergeOutcome;
  });

  return outcomes;
}

/** The later enqueuers' metadata as stored in the job hash, oldest first. */
export function parseExtraMetadata(stored: string | null | undefined): AssetMetadata[] {
  return stored ? stored.split('\n').map((line) => JSON.parse(line) as AssetMetadata) : [];
}
