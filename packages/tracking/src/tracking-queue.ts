import { type ConnectionOptions, type JobsOptions, type KeepJobs, Queue } from 'bullmq';

import type { TrackingJobData } from './job-data.js';
import type { TrackingLocation } from './tracking-keys.js';

/**
 * Attempts for a job whose processing throws something unexpected (a Redis
 * blip between reads, a bug). Crun's own faults never count: the worker
 * handles those by rescheduling.
 */
const UNEXPECTED_ERROR_ATTEMPTS = 8;

/** Failed jobs are kept this long for inspection: 7 days, in seconds. */
const FAILED_JOB_RETENTION_S = 7 * 24 * 3600;

/**
 * What becomes of finished jobs, set on the worker rather than on each job:
 * the same rule for every job, without its ~55 bytes of JSON in the hash of
 * every asset in flight. Completed jobs are removed at once (the event is
 * the record of a finished tracking, and a later enqueue of the same asset
 * starts a new one); failed ones are kept 7 days for inspection.
 */
export const TRACKING_JOB_RETENTION: { removeOnComplete: KeepJobs; removeOnFail: KeepJobs } = {
  removeOnComplete: { count: 0 },
  removeOnFail: { age: FAILED_JOB_RETENTION_S },
};

/**
 * Options for an asset's tracking job. The job ID is the asset ID, so BullMQ
 * itself refuses a second job for an asset already in flight. Finished jobs
 * are removed as `TRACKING_JOB_RETENTION`, which the worker applies.
 */
export function trackingJobOptions(assetId: string): JobsOptions {
  return {
    jobId: assetId,
    attempts: UNEXPECTED_ERROR_ATTEMPTS,
    backoff: { type: 'exponential', delay: 1_000 },
  };
}

export type TrackingQueue = Queue<TrackingJobData, void, string>;

/** Opens the tracking queue at `location` over `connection`. */
export function openTrackingQueue(
  connection: ConnectionOptions,
  location: TrackingLocation,
): TrackingQueue {
  return new Queue<TrackingJobData, void, string>(location.queueName, {
    connection,
    prefix: location.prefix,
  });
}
