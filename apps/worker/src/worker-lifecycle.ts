import type { StoredJobData } from '@crun/tracking';
import type { Worker } from 'bullmq';

import type { Logger } from './logger.js';
import { isConnectionError } from './redis-health.js';

/** Checks lost or taken over are counted and reported at most this often. */
const REPORT_INTERVAL_MS = 5_000;

/**
 * BullMQ's words for a check whose lock expired, so another worker may run
 * it: the usual aftermath of a long Redis outage, not a fault of its own.
 */
const LOST_LOCK =
  /could not renew lock|Missing lock for job|Lock mismatch for job|Missing key for job/;

/** Logs what a worker reports: lost locks and takeovers in batches, failures one by one. */
export function observe(worker: Worker<StoredJobData, void, string>, logger: Logger): void {
  const lost = batchedReport(logger, 'checks lost their lock; the stall check hands them on');
  const stalled = batchedReport(logger, 'stalled checks of a lost worker taken over');

  worker.on('error', (error) => {
    if (LOST_LOCK.test(error.message)) {
      lost();
    } else {
      logUnexpected(logger, 'worker error', error);
    }
  });
  worker.on('stalled', stalled);
  worker.on('failed', (job, error) => {
    const assetId = job?.id;
    logger.error({ assetId, error: { name: error.name, message: error.message } }, 'check failed');
  });
}

/**
 * Counts occurrences and logs one line per burst: a dead worker or a Redis
 * outage affects up to a worker's whole concurrency at once.
 */
function batchedReport(logger: Logger, message: string): () => void {
  let count = 0;

  return () => {
    count += 1;
    if (count === 1) {
      setTimeout(() => {
        logger.warn({ checks: count }, message);
        count = 0;
      }, REPORT_INTERVAL_MS).unref();
    }
  };
}

/** Logs an error unless it is a connection error, which the Redis watcher reports. */
export function logUnexpected(logger: Logger, what: string, error: Error): void {
  if (!isConnectionError(error)) {
    logger.error({ error: { name: error.name, message: error.message } }, what);
  }
}

/**
 * How long a forced close, or a queue's close, may take before the process
 * stops waiting: against a Redis that is failing over, BullMQ can wait tens
 * of seconds for a connection that is about to be dropped anyway.
 */
export const CLOSE_GRACE_MS = 2_000;

/**
 * How a worker closed: at once (`closed`), by force after `timeoutMs`
 * because checks were still running (`forced`; they go to the stall
 * check), or not even then (`dropped`; the caller drops its connections).
 */
export type CloseOutcome = 'closed' | 'forced' | 'dropped';

/** Closes the worker, abandoning checks still running after `timeoutMs` to the stall check. */
export async function closeWithin(
  worker: { close(force?: boolean): Promise<void> },
  timeoutMs: number,
): Promise<CloseOutcome> {
  if (await settlesWithin(worker.close(), timeoutMs)) {
    return 'closed';
  }

  return (await settlesWithin(worker.close(true), CLOSE_GRACE_MS)) ? 'forced' : 'dropped';
}

/** One line for the whole process about workers that did not close at once. */
export function logCloseOutcomes(
  outcomes: readonly CloseOutcome[],
  timeoutMs: number,
  logger: Logger,
): void {
  const late = outcomes.filter((outcome) => outcome !== 'closed').length;
  const dropped = outcomes.filter((outcome) => outcome === 'dropped').length;
  if (late > 0) {
    logger.warn(
      { timeoutMs, workers: late, dropped },
      dropped > 0
        ? 'workers did not close in time; their checks go to the stall check, ' +
            'their connections are dropped'
        : 'checks still running at shutdown; leaving them to the stall check',
    );
  }
}

/**
 * Whether `promise` settles (either way) within `timeoutMs`. What it does
 * later is ignored: the caller disconnects what it was waiting on.
 */
export async function settlesWithin(
  promise: Promise<unknown>,
  timeoutMs: number,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });

  const settled = promise.then(
    () => true as const,
    () => true as const,
  );
  const outcome = await Promise.race([settled, timedOut]);
  clearTimeout(timer);
  return outcome;
}
