import {
  ASSET_EVENT_SCHEMA,
  type AssetEvent,
  decodeTimeline,
  type TrackingJobData,
  toSnapshot,
} from '@crun/tracking';

import type { NextStep } from './next-step.js';

/**
 * The event that tells the world how an asset's tracking ended. Its
 * `metadataList` is completed by the publish script, which reads the
 * metadata of later enqueuers from the job hash.
 */
export function assetEventOf(
  data: TrackingJobData,
  step: Extract<NextStep, { action: 'resolve' }>,
  nowMs: number,
): AssetEvent {
  return {
    schema: ASSET_EVENT_SCHEMA,
    type: step.type,
    assetId: data.assetId,
    status: step.asset?.status ?? null,
    asset: step.asset ? toSnapshot(step.asset) : null,
    polls: step.polls,
    firstSeenAt: new Date(data.firstSeenAt).toISOString(),
    resolvedAt: new Date(nowMs).toISOString(),
    reason: step.reason,
    metadata: data.metadata ?? null,
    trackingId: data.trackingId,
    timeline: decodeTimeline(step.timeline),
  };
}
