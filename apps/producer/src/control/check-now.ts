import type { TrackingQueue } from '@crun/tracking';

/**
 * What `checkNow` did:
 * - `promoted`: the asset was parked until a later read; it is due now;
 * - `already-due`: it is waiting for a worker or being read (`queueState`);
 *   nothing changed;
 * - `not-tracked`: the asset is not in flight.
 */
export type CheckNowResult =
  | { outcome: 'promoted'; assetId: string }
  | { outcome: 'already-due'; assetId: string; queueState: 'waiting' | 'active' | 'prioritized' }
  | { outcome: 'not-tracked'; assetId: string };

/**
 * Brings an in-flight asset's next read forward to now, for a pipeline that
 * believes it just changed. The read still waits for the fleet's budget.
 */
export async function checkNow(queue: TrackingQueue, assetId: string): Promise<CheckNowResult> {
  const job = await queue.getJob(assetId);
  if (!job || job.finishedOn) {
    return { outcome: 'not-tracked', assetId };
  }

  // Promoting is atomic and fails unless the job is parked. A job read at
  // that moment may be parked again by the time its state is read: once more.
  if (await promoted(job)) {
    return { outcome: 'promoted', assetId };
  }

  let state = await job.getState();
  if (state === 'delayed') {
    if (await promoted(job)) {
      return { outcome: 'promoted', assetId };
    }

    state = await job.getState();
  }

  if (isDue(state)) {
    return { outcome: 'already-due', assetId, queueState: state };
  }

  return { outcome: 'not-tracked', assetId };
}

type DueState = 'waiting' | 'active' | 'prioritized';

function isDue(state: string): state is DueState {
  return state === 'waiting' || state === 'active' || state === 'prioritized';
}

async function promoted(job: { promote(): Promise<void> }): Promise<boolean> {
  try {
    await job.promote();
    return true;
  } catch {
    return false;
  }
}
