/** Anything the caller attached when enqueueing; returned untouched in the event. */
export type AssetMetadata = Record<string, unknown>;

/**
 * The data of a tracking job, readable: the job is the asset's only record
 * while it is in flight, so this is all the tracker knows about it. Redis
 * holds it in a compact form (`StoredJobData`, the timeline as the job's
 * progress), since every in-flight asset costs that much memory.
 */
export interface TrackingJobData {
  assetId: string;
  /** Tells one tracking of an asset from a later one; random, set by the producer. */
  trackingId: string;
  /** When the tracker first saw the asset (ms since epoch); deadlines count from here. */
  firstSeenAt: number;
  /** Status reads that answered `Processing`; drives the backoff. */
  polls: number;
  /** Failed reads in a row (rate limits, faults); reset by any answer. */
  retries: number;
  /** What the first enqueuer attached; later enqueuers' metadata lives beside the data. */
  metadata?: AssetMetadata | undefined;
  /**
   * The last few status reads and why each next wait was chosen, in the
   * compact form of `appendTimeline` (about 11 bytes a read). Absent before
   * the first read and when the worker keeps no timeline. Redis keeps as
   * many of the last reads as fit in 62 characters (about five).
   */
  timeline?: string | undefined;
}

/** Name given to every tracking job; the queue holds nothing else. */
export const TRACKING_JOB_NAME = 'track';
