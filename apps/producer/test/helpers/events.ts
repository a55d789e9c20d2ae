import { ASSET_EVENT_SCHEMA, type AssetEvent, type AssetEventType } from '@crun/tracking';

/** The event a worker would publish at the end of a tracking. */
export function terminalEvent(
  assetId: string,
  trackingId: string,
  type: AssetEventType = 'asset.ready',
  metadata: Record<string, unknown> | null = null,
): AssetEvent {
  return {
    schema: ASSET_EVENT_SCHEMA,
    type,
    assetId,
    status: type === 'asset.ready' ? 'Active' : type === 'asset.failed' ? 'Failed' : null,
    asset: null,
    polls: 2,
    firstSeenAt: new Date(Date.now() - 1_000).toISOString(),
    resolvedAt: new Date().toISOString(),
    reason: null,
    metadata,
    trackingId,
  };
}
