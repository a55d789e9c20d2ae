import { type ConnectionOptions, type Job, type JobsOptions, type KeepJobs, Queue } from 'bullmq';

import { TRACKING_JOB_NAME, type TrackingJobData } from './job-data.js';
import { type StoredJobData, storedJobDataOf } from './stored-job.js';
import type { TrackingLocation } from './tracking-keys.js';

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
 * Retries of a job whose processing throws something unexpected (a Redis
 * blip between reads, a bug); Crun's own faults never count, the worker
 * handles those by rescheduling. BullMQ reads these from the job in the
 * worker's memory when the processor fails, so the worker applies them to
 * each job it takes (`applyRetryPolicy`) instead of every job hash storing
 * ~60 bytes of JSON, which would also cost it its compact encoding.
 */
export const UNEXPECTED_ERROR_RETRY = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
} as const satisfies Pick<JobsOptions, 'attempts' | 'backoff'>;

/** Gives a job taken by a worker the retry policy for unexpected errors. */
export function applyRetryPolicy(job: Pick<Job, 'opts'>): void {
  job.opts.attempts = UNEXPECTED_ERROR_RETRY.attempts;
  job.opts.backoff = { ...UNEXPECTED_ERROR_RETRY.backoff };
}

/**
 * Options for an asset's tracking job. The job ID is the asset ID, so BullMQ
 * itself refuses a second job for an asset already in flight. Finished jobs
 * are removed as `TRACKING_JOB_RETENTION`, and failures retried as
 * `UNEXPECTED_ERROR_RETRY`, both applied by the worker.
 */
export function trackingJobOptions(assetId: string): JobsOptions {
  return { jobId: assetId };
}

/**
 * Entries kept in BullMQ's own events stream (it appends a few per check;
 * BullMQ's default keeps 10,000, ~77 bytes per asset at 10,000 in flight).
 * Nothing in the tracker reads that stream: the readiness events have their
 * own. This leaves a short history for a `QueueEvents` listener.
 */
export const QUEUE_EVENTS_MAX_LENGTH = 1_000;

export type TrackingQueue = Queue<StoredJobData, void, string>;

/** Opens the tracking queue at `location` over `connection`. */
export function openTrackingQueue(
  connection: ConnectionOptions,
  location: TrackingLocation,
): TrackingQueue {
  return new Queue<StoredJobData, void, string>(location.queueName, {
    connection,
    prefix: location.prefix,
    streams: { events: { maxLen: QUEUE_EVENTS_MAX_LENGTH } },
  });
}

/** A job for `queue.add`/`addBulk`: the readable data in its stored form. */
export function trackingJob(data: TrackingJobData): {
  name: string;
  data: StoredJobData;
  opts: JobsOptions;
} {
  return {
    name: TRACKING_JOB_NAME,
    data: storedJobDataOf(data),
    opts: trackingJobOptions(data.assetId),
  };
}
