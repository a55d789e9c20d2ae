import {
  jobKey,
  PUBLISHED_FIELD,
  type RedisClient,
  storedJobDataOf,
  storedProgressOf,
  type TrackingJobData,
  type TrackingLocation,
} from '@crun/tracking';

/**
 * What saving a check's data found: `saved`; `ended` when the tracking had
 * already published its event (a cancel came while the check ran), so the
 * data was left alone and the job should go; `missing` when the job is gone.
 */
export type SaveOutcome = 'saved' | 'ended' | 'missing';

/**
 * BullMQ's `updateData`, plus the timeline as the job's progress (BullMQ
 * hands both to the next worker that takes the job) and one look at the job
 * hash: a tracking that has published its event (cancelled while this check
 * ran) is not rewritten, and the caller is told to remove the job once the
 * lock is released. Same one script call per check.
 * KEYS: job hash. ARGV: stored data JSON, progress JSON ('' for none).
 */
const SAVE_DATA_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
if redis.call('HEXISTS', KEYS[1], '${PUBLISHED_FIELD}') == 1 then
  return 1
end
if ARGV[2] == '' then
  redis.call('HSET', KEYS[1], 'data', ARGV[1])
else
  redis.call('HSET', KEYS[1], 'data', ARGV[1], 'progress', ARGV[2])
end
return 0
`;

const OUTCOMES: Record<number, SaveOutcome> = { 0: 'saved', 1: 'ended', [-1]: 'missing' };

export type SaveJobData = (data: TrackingJobData) => Promise<SaveOutcome>;

type SaveCommand = (key: string, data: string, progress: string) => Promise<number>;

/**
 * A saver bound to `redis`, which must be the worker's own connection: the
 * save then reaches Redis before the `moveToDelayed` sent right after it,
 * in the same round trip.
 */
export function jobDataSaver(redis: RedisClient, location: TrackingLocation): SaveJobData {
  redis.defineCommand('crunSaveJobData', { numberOfKeys: 1, lua: SAVE_DATA_SCRIPT });
  const save = (redis as RedisClient & { crunSaveJobData: SaveCommand }).crunSaveJobData;

  return async (data) => {
    const code = await save.call(
      redis,
      jobKey(location, data.assetId),
      JSON.stringify(storedJobDataOf(data)),
      storedProgressOf(data.timeline) ?? '',
    );
    return OUTCOMES[code] ?? 'missing';
  };
}
