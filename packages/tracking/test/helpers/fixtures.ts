import { randomBytes } from 'node:crypto';

import {
  ASSET_EVENT_SCHEMA,
  type AssetEvent,
  type AssetEventType,
  type TrackingJobData,
  type TrackingLocation,
  type TrackingQueue,
  trackingJob,
} from '../../src/index.js';

export function newLocation(name: string): TrackingLocation {
  return { prefix: 'test', queueName: `${name}-${randomBytes(4).toString('hex')}` };
}

/**
 * Adds a tracking job the way the producer does (with the timeline a worker
 * would have stored, if given), and returns its data.
 */
export async function trackedJob(
  queue: TrackingQueue,
  assetId: string,
  overrides: Partial<TrackingJobData> = {},
  delayMs = 0,
): Promise<TrackingJobData> {
  const data: TrackingJobData = {
    assetId,
    trackingId: `tracking-${randomBytes(4).toString('hex')}`,
    firstSeenAt: Date.now(),
    polls: 0,
    retries: 0,
    ...overrides,
  };
  const { name, data: stored, opts } = trackingJob(data);
  const job = await queue.add(name, stored, { ...opts, delay: delayMs });
  if (data.timeline) {
    await job.updateProgress(data.timeline);
  }

  return data;
}

/** The event a worker would publish for `data`'s tracking. */
export function eventFor(
  data: TrackingJobData,
  type: AssetEventType = 'asset.ready',
  resolvedAtMs = Date.now(),
): AssetEvent {
  return {
    schema: ASSET_EVENT_SCHEMA,
    type,
    assetId: data.assetId,
    status: type === 'asset.ready' ? 'Active' : type === 'asset.failed' ? 'Failed' : null,
    asset: null,
    polls: 3,
    firstSeenAt: new Date(data.firstSeenAt).toISOString(),
    resolvedAt: new Date(resolvedAtMs).toISOString(),
    reason: null,
    metadata: data.metadata ?? null,
    trackingId: data.trackingId,
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Ends a tracking as a worker does: publishes its event, then removes the job. */
export async function resolveTracking(
  queue: TrackingQueue,
  publisher: { publish(event: AssetEvent): Promise<string | null> },
  data: TrackingJobData,
  type: AssetEventType = 'asset.ready',
  resolvedAtMs = Date.now(),
): Promise<string> {
  const id = await publisher.publish(eventFor(data, type, resolvedAtMs));
  if (id === null) {
    throw new Error(`no job to publish for ${data.assetId}`);
  }

  await queue.remove(data.assetId);
  return id;
}
