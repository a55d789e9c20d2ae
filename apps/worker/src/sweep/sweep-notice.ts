import { CrunApiError } from '@crun/api';
import {
  type AnyAssetEvent,
  type AssetNotice,
  DEFAULT_TIMELINE_LENGTH,
  type TimelineEntry,
  timelineSeconds,
  toSnapshot,
} from '@crun/tracking';

import type { ReadResult } from '../next-step.js';
import { observationOf } from '../timeline-step.js';

/**
 * The notice a sweep read calls for about a ready asset: `asset.removed`
 * when Crun no longer knows it (404 in its envelope), `asset.changed` when
 * it is no longer `Active`; undefined when it still is. The caller passes
 * only answers and 404s, never a fault. The notice keeps the ready
 * tracking's identity and metadata, and its timeline gains this read.
 */
export function sweepNoticeOf(
  ready: AnyAssetEvent,
  result: ReadResult,
  nowMs: number,
  timelineLength = DEFAULT_TIMELINE_LENGTH,
): AssetNotice | undefined {
  if ('asset' in result && result.asset.status === 'Active') {
    return undefined;
  }

  const entry: TimelineEntry = [
    timelineSeconds(nowMs - Date.parse(ready.firstSeenAt)),
    observationOf(result),
    null,
    'recheck',
  ];
  const timeline = [...(ready.timeline ?? []), entry].slice(-Math.max(1, timelineLength));
  const common = {
    ...ready,
    resolvedAt: new Date(nowMs).toISOString(),
    timeline,
    metadataList: ready.metadataList ?? (ready.metadata ? [ready.metadata] : []),
  };

  if (!('asset' in result)) {
    const why = result.error instanceof CrunApiError ? result.error.serverMessage : undefined;
    const reason = `Crun no longer knows the asset${why ? `: ${why}` : ''}`;
    return { ...common, type: 'asset.removed', status: null, asset: null, reason };
  }

  const { asset } = result;
  const reason = `Crun now says ${asset.status}; it said Active when the tracking ended`;
  return {
    ...common,
    type: 'asset.changed',
    status: asset.status,
    asset: toSnapshot(asset),
    reason,
  };
}
