import type { RedisClient } from '@crun/tracking';
import type { Queue } from 'bullmq';

import type { Logger } from './logger.js';

/**
 * BullMQ keeps a delayed job's due time in its score as `time × 0x1000 +
 * counter`, so that jobs due in the same millisecond keep their order.
 */
const DELAYED_SCORE_FACTOR = 0x1000;

export interface StallWatchTarget {
  /** The partition's queue, and a connection to read what is due in it. */
  queue: Queue;
  redis: RedisClient;
  /** When the partition last started a check (ms since epoch). */
  lastStartedAt(): number;
  /** Whether the fleet holds reads back on purpose: paused, rate-limited, account fault. */
  holdsBack(): Promise<boolean>;
  /** Replaces the partition's BullMQ worker with a fresh one. */
  restart(): Promise<void>;
}

/**
 * Watches a partition's fetch loop: when work has been due for `stallMs`
 * and no check started meanwhile, while nothing holds reads back, the loop
 * has stopped, and the partition's worker is replaced. Seen after a Redis
 * Cluster failover, where a worker's blocking connection can hang for good
 * with jobs due; a fresh worker starts from fresh connections. Costs two
 * cheap reads per partition per half `stallMs`, and only while idle.
 */
export function watchForStalls(
  target: StallWatchTarget,
  stallMs: number,
  logger: Logger,
): { stop(): void } {
  let checking = false;
  const timer = setInterval(() => {
    if (checking) {
      return;
    }

    checking = true;
    restartIfStalled(target, stallMs, logger)
      .catch(() => {
        // Redis is away: the connection watcher says so, and this tries again.
      })
      .finally(() => {
        checking = false;
      });
  }, stallMs / 2);
  timer.unref();

  return { stop: () => clearInterval(timer) };
}

async function restartIfStalled(
  target: StallWatchTarget,
  stallMs: number,
  logger: Logger,
): Promise<void> {
  const now = Date.now();
  if (now - target.lastStartedAt() < stallMs) {
    return;
  }

  const dueSince = await oldestDueWork(target.queue, target.redis);
  if (dueSince === undefined || now - dueSince < stallMs || (await target.holdsBack())) {
    return;
  }

  logger.warn(
    { queue: `${target.queue.opts.prefix}:${target.queue.name}`, dueForMs: now - dueSince },
    'checks are due but none started; restarting this partition’s worker',
  );
  await target.restart();
}

/** When the oldest due job became due, or undefined when nothing is due. */
async function oldestDueWork(queue: Queue, redis: RedisClient): Promise<number | undefined> {
  const [waiting, delayed] = await Promise.all([
    queue.getJobCountByTypes('wait'),
    redis.zrange(queue.toKey('delayed'), 0, 0, 'WITHSCORES'),
  ]);
  if (waiting > 0) {
    // Waiting jobs carry no due time; count them as due since the last start.
    return 0;
  }

  const score = Number(delayed[1]);
  const dueAt = Math.floor(score / DELAYED_SCORE_FACTOR);
  return delayed.length === 2 && dueAt <= Date.now() ? dueAt : undefined;
}
