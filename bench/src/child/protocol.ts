import type { TrackingLocation } from '@crun/tracking';
import type { ReadyTimePolicy, TrackingPolicy } from '@crun/worker';

/**
 * What a bench child runs:
 * - `ours`: `startTrackingWorker`, exactly as the service starts it;
 * - `bare-delayed`: a plain BullMQ worker, same HTTP call, then
 *   `job.moveToDelayed` + `DelayedError` and nothing else;
 * - `bare-attempts`: a plain BullMQ worker that throws while Processing and
 *   lets BullMQ's `attempts` + exponential `backoff` (set on the jobs) retry;
 * - `http-ky`, `http-fetch`: no queue, only status reads in a closed loop,
 *   through `CrunClient` (ky) or plain `fetch`, to price the HTTP client alone.
 */
export type ChildMode = 'ours' | 'bare-delayed' | 'bare-attempts' | 'http-ky' | 'http-fetch';

export interface ChildConfig {
  mode: ChildMode;
  redisUrl: string;
  /** For `ours`: nodes of a Redis Cluster to use instead of `redisUrl`. */
  redisClusterNodes?: string[] | undefined;
  /** For `ours`: queues the tracking is spread over (the producer's count). */
  partitions?: number | undefined;
  simUrl: string;
  apiKey: string;
  location: TrackingLocation;
  /** Checks in flight at once in this process. */
  concurrency: number;
  /** For `ours`. */
  policy: TrackingPolicy;
  /** For `ours`: scheduling from observed review times; off unless given. */
  readyTime?: Partial<ReadyTimePolicy> | undefined;
  /** For `bare-delayed`: the wait between reads, in ms. */
  delayMs: number;
  /** For the `http-*` modes: the IDs read in turn. */
  assetIds: string[];
}

/** Counters a child keeps; the parent takes differences between two marks. */
export interface ChildSnapshot {
  /** Status reads started by this process. */
  checks: number;
  /** User + system CPU time of this process, in µs. */
  cpuUs: number;
  /** TCP connections fetch opened, and requests it sent (undici diagnostics channels). */
  httpConnections: number;
  httpRequests: number;
  atMs: number;
}

/** Self time of one group of code during a profile, in µs. */
export interface ProfileBucket {
  name: string;
  selfUs: number;
}

export type ParentMessage =
  | { type: 'start'; config: ChildConfig }
  | { type: 'mark' }
  | { type: 'profile-start' }
  | { type: 'profile-stop' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' };

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'mark'; snapshot: ChildSnapshot }
  | { type: 'profile-started' }
  | { type: 'profile'; buckets: ProfileBucket[]; sampledUs: number }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };
