/** Prefix of every Redis key the tracker uses, BullMQ's included. */
export const DEFAULT_PREFIX = 'crun';

/** The BullMQ queue that holds one job per tracked asset. */
export const TRACKING_QUEUE_NAME = 'asset-tracking';

/** Where a tracker's keys live; producers, workers and subscribers must agree on it. */
export interface TrackingLocation {
  /** Key prefix. @default 'crun' */
  prefix: string;
  /** Queue name. @default 'asset-tracking' */
  queueName: string;
}

export const DEFAULT_LOCATION: TrackingLocation = {
  prefix: DEFAULT_PREFIX,
  queueName: TRACKING_QUEUE_NAME,
};

/** The Redis Stream that keeps every readiness event. */
export function eventStreamKey(location: TrackingLocation): string {
  return `${location.prefix}:${location.queueName}:asset-events`;
}

/** The pub/sub channel that announces each readiness event as it happens. */
export function eventChannel(location: TrackingLocation): string {
  return `${location.prefix}:${location.queueName}:asset-events`;
}

/** The BullMQ job hash of an asset's tracking job. */
export function jobKey(location: TrackingLocation, assetId: string): string {
  return `${location.prefix}:${location.queueName}:${assetId}`;
}
