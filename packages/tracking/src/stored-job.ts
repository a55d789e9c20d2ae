import type { AssetMetadata, TrackingJobData } from './job-data.js';
import { fitTimeline } from './timeline/timeline-codec.js';

/**
 * A tracking job's data as BullMQ keeps it in Redis: a tuple, without the
 * asset ID (it is the job ID) and without the timeline (kept as the job's
 * progress). Redis keeps a hash compact (listpack) only while every value
 * is at most 64 bytes (`hash-max-listpack-value`); the readable object was
 * about 145 bytes, this is about 35, and the compact hash saves some 300
 * bytes per asset in flight. The rest of the code sees `TrackingJobData`:
 * conversions happen here, at the BullMQ boundary.
 */
export type StoredJobData =
  | [trackingId: string, firstSeenAt: number, polls: number, retries: number]
  | [
      trackingId: string,
      firstSeenAt: number,
      polls: number,
      retries: number,
      metadata: AssetMetadata,
    ];

/**
 * The longest timeline text stored as progress: with its JSON quotes it
 * stays within the 64 bytes that keep the job hash compact (about five
 * reads). Events carry the deciding read on top of it.
 */
export const STORED_TIMELINE_MAX_CHARS = 62;

/** What BullMQ stores as the job's data. */
export function storedJobDataOf(data: TrackingJobData): StoredJobData {
  const { trackingId, firstSeenAt, polls, retries, metadata } = data;
  return metadata
    ? [trackingId, firstSeenAt, polls, retries, metadata]
    : [trackingId, firstSeenAt, polls, retries];
}

/**
 * The job's progress as BullMQ stores it (JSON): the timeline's last reads
 * that fit; undefined when there is no timeline to store.
 */
export function storedProgressOf(timeline: string | undefined): string | undefined {
  const fitted = fitTimeline(timeline, STORED_TIMELINE_MAX_CHARS);
  return fitted ? JSON.stringify(fitted) : undefined;
}

/**
 * The readable job data from BullMQ's parsed `data` and `progress`. Jobs
 * written by earlier versions hold the readable object itself (with the
 * timeline inside); they are read as they are, and the worker's first save
 * rewrites them in the stored form.
 */
export function trackingJobDataOf(
  assetId: string,
  data: StoredJobData | TrackingJobData,
  progress: unknown,
): TrackingJobData {
  if (!Array.isArray(data)) {
    return { ...data, assetId };
  }

  const [trackingId, firstSeenAt, polls, retries, metadata] = data;
  return {
    assetId,
    trackingId,
    firstSeenAt,
    polls,
    retries,
    ...(metadata ? { metadata } : {}),
    ...(typeof progress === 'string' && progress !== '' ? { timeline: progress } : {}),
  };
}

/** `trackingJobDataOf` for the raw JSON of the job hash's `data` and `progress` fields. */
export function parseTrackingJob(
  assetId: string,
  dataJson: string,
  progressJson: string | null | undefined,
): TrackingJobData {
  const progress: unknown = progressJson ? JSON.parse(progressJson) : undefined;
  return trackingJobDataOf(assetId, JSON.parse(dataJson) as StoredJobData, progress);
}

/**
 * Lua: whether a job hash's `data` belongs to the tracking `trackingId`,
 * in the stored form (`["<trackingId>",…`) or an earlier version's JSON
 * object. Tracking IDs are base64url, so they need no JSON escaping.
 */
export const LUA_IS_TRACKING = `
local function isTracking(data, trackingId)
  local head = '["' .. trackingId .. '"'
  if string.sub(data, 1, #head) == head then
    return true
  end
  return string.find(data, '"trackingId":"' .. trackingId .. '"', 1, true) ~= nil
end
`;
