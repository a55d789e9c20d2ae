import {
  ASSET_EVENT_SCHEMA,
  type AssetNotice,
  decodeTimeline,
  type EventPublisher,
  PUBLISHED_FIELD,
  parseTrackingJob,
  type RedisClient,
  type TrackingJobData,
  type TrackingQueue,
} from '@crun/tracking';

/**
 * What a cancel did:
 * - `cancelled`: an `asset.cancelled` notice ended the tracking (waiters are
 *   told). `jobRemoved` is false when a worker was reading the asset at
 *   that moment: it publishes nothing after the cancel, and removes the job
 *   once its read is done;
 * - `already-ended`: the tracking had published its event first;
 * - `not-tracked`: the asset is not in flight.
 */
export type CancelResult =
  | {
      outcome: 'cancelled';
      assetId: string;
      trackingId: string;
      eventId: string;
      jobRemoved: boolean;
    }
  | { outcome: 'already-ended'; assetId: string; trackingId: string; eventId: string }
  | { outcome: 'not-tracked'; assetId: string };

/** A job replaced between the read and the publish is read again, this many times. */
const ATTEMPTS = 3;

/**
 * Cancels an asset's tracking wherever its job is: waiting, parked until
 * its next read, or being read by any worker of the fleet. The notice is
 * published by the same once-only script as outcomes, so either the cancel
 * or the outcome wins, never both.
 */
export async function cancelTracking(
  queue: TrackingQueue,
  redis: RedisClient,
  publisher: EventPublisher,
  assetId: string,
  reason = 'cancelled by request',
): Promise<CancelResult> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const [json = null, finishedOn = null, eventId = null, progress = null] = await redis.hmget(
      queue.toKey(assetId),
      'data',
      'finishedOn',
      PUBLISHED_FIELD,
      'progress',
    );
    if (json === null || finishedOn !== null) {
      return { outcome: 'not-tracked', assetId };
    }

    const data = parseTrackingJob(assetId, json, progress);
    const { trackingId } = data;
    if (eventId !== null) {
      return { outcome: 'already-ended', assetId, trackingId, eventId };
    }

    const published = await publisher.publishOnce(cancelNotice(data, reason));
    if (published && !published.published) {
      return { outcome: 'already-ended', assetId, trackingId, eventId: published.id };
    }

    if (published) {
      // 0 when a worker holds the job: it removes the job after its read.
      const jobRemoved = (await queue.remove(assetId)) === 1;
      return { outcome: 'cancelled', assetId, trackingId, eventId: published.id, jobRemoved };
    }
  }

  return { outcome: 'not-tracked', assetId };
}

function cancelNotice(data: TrackingJobData, reason: string): AssetNotice {
  return {
    schema: ASSET_EVENT_SCHEMA,
    type: 'asset.cancelled',
    assetId: data.assetId,
    status: data.polls > 0 ? 'Processing' : null,
    asset: null,
    polls: data.polls,
    firstSeenAt: new Date(data.firstSeenAt).toISOString(),
    resolvedAt: new Date().toISOString(),
    reason,
    metadata: data.metadata ?? null,
    trackingId: data.trackingId,
    timeline: decodeTimeline(data.timeline),
  };
}
