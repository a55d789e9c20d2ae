import { type ConnectionOptions, type JobsOptions, Queue } from 'bullmq';

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
 * Options for an asset's tracking job. The job ID is the asset ID, so BullMQ
 * itself refuses a second job for an asset already in flight. Finished jobs
 * are removed at once: the event is the record of a finished tracking, and a
 * later enqueue of the same asset starts a new tracking.
 */
export function trackingJobOptions(assetId: string): JobsOptions {
  return {
    jobId: assetId,
    removeOnComplete: true,
    removeOnFail: { age: FAILED_JOB_RETENTION_S },
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
