import type { RedisClient } from '@crun/tracking';
import { Queue, Worker } from 'bullmq';

import {
  CLOSE_GRACE_MS,
  type CloseOutcome,
  closeWithin,
  logUnexpected,
  settlesWithin,
} from '../worker-lifecycle.js';
import { runSweep, type SweepRunDeps, type SweepSummary } from './sweep-run.js';

/** When the re-validation sweep runs; either at 0 turns it off. */
export interface SweepOptions {
  /** Time between runs, in ms; 0 turns the sweep off fleet-wide. @default 60000 */
  everyMs: number;
  /** Ready assets re-read per run, oldest-checked first; 0 turns it off. @default 10 */
  batch: number;
}

export const DEFAULT_SWEEP_OPTIONS: SweepOptions = { everyMs: 60_000, batch: 10 };

/** The one schedule every worker process upserts, so the fleet runs one sweep per interval. */
const SCHEDULER_ID = 'crun-sweep';

export interface SweepService {
  /** Stops scheduling runs here; a run still going after `timeoutMs` is left to the stall check. */
  close(timeoutMs: number): Promise<CloseOutcome>;
}

/**
 * Schedules the sweep with BullMQ's job scheduler on a small queue of its
 * own (`<queue>-sweep`), so its jobs never mix with tracking jobs, and runs
 * it in a worker of concurrency 1: one run at a time per process. With the
 * sweep off, the schedule is removed and no worker starts.
 */
export async function startSweep(
  connection: RedisClient,
  options: SweepOptions,
  deps: Omit<SweepRunDeps, 'batch'>,
): Promise<SweepService> {
  const { prefix, queueName } = deps.location;
  const name = `${queueName}-sweep`;
  const queue = new Queue(name, { connection, prefix });
  queue.on('error', (error) => logUnexpected(deps.logger, 'sweep queue error', error));

  if (options.everyMs <= 0 || options.batch <= 0) {
    await queue.removeJobScheduler(SCHEDULER_ID);
    return {
      async close() {
        await settlesWithin(queue.close(), CLOSE_GRACE_MS);
        return 'closed';
      },
    };
  }

  await queue.upsertJobScheduler(
    SCHEDULER_ID,
    { every: options.everyMs },
    { name: 'sweep', opts: { removeOnComplete: true, removeOnFail: 50 } },
  );
  const worker = new Worker<unknown, SweepSummary>(
    name,
    () => runSweep({ ...deps, batch: options.batch }),
    { connection, prefix, concurrency: 1 },
  );
  worker.on('completed', (_job, summary) => logRun(deps, summary));
  worker.on('failed', (_job, error) => {
    deps.logger.warn(
      { error: error.message },
      'sweep run failed; the next one starts where it stopped',
    );
  });
  worker.on('error', (error) => logUnexpected(deps.logger, 'sweep worker error', error));

  return {
    async close(timeoutMs) {
      const outcome = await closeWithin(worker, timeoutMs);
      await settlesWithin(queue.close(), CLOSE_GRACE_MS);
      return outcome;
    },
  };
}

function logRun(deps: Omit<SweepRunDeps, 'batch'>, summary: SweepSummary): void {
  // A paused fleet has said so already, once; a run it cuts short is routine.
  if (summary.stoppedBy === 'fault') {
    deps.logger.info(
      summary,
      'sweep run cut short by a Crun fault; the rest waits for the next run',
    );
  } else {
    deps.logger.debug(summary, 'sweep run ended');
  }
}
