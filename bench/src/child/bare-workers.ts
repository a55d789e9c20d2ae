import type { CrunClient } from '@crun/api';
import { DelayedError, type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';

import type { ChildConfig } from './protocol.js';

export interface BareJobData {
  assetId: string;
}

/**
 * The plain way with BullMQ's own delayed set: read, and while Processing
 * park the job for a fixed `delayMs` with `moveToDelayed` + `DelayedError`.
 * No poll count, no deadline, no events: the floor ours is compared with.
 */
export function startBareDelayedWorker(config: ChildConfig, client: CrunClient): Worker {
  const processor = async (job: Job<BareJobData>, token?: string) => {
    const asset = await client.getAssetInfo(job.data.assetId);
    if (asset.status !== 'Processing') {
      return;
    }

    await job.moveToDelayed(Date.now() + config.delayMs, token);
    throw new DelayedError();
  };

  return bareWorker(config, processor);
}

/**
 * The common shortcut: throw while Processing and let the job's `attempts`
 * and exponential `backoff` (set when it was added) schedule the next read.
 */
export function startBareAttemptsWorker(config: ChildConfig, client: CrunClient): Worker {
  const processor = async (job: Job<BareJobData>) => {
    const asset = await client.getAssetInfo(job.data.assetId);
    if (asset.status === 'Processing') {
      throw new Error('still Processing');
    }
  };

  return bareWorker(config, processor);
}

function bareWorker(
  config: ChildConfig,
  processor: (job: Job<BareJobData>, token?: string) => Promise<void>,
): Worker {
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const worker = new Worker<BareJobData>(config.location.queueName, processor, {
    connection,
    prefix: config.location.prefix,
    concurrency: config.concurrency,
  });
  // Failures are the retry mechanism of the attempts mode; nothing to log.
  worker.on('error', () => {});
  worker.once('closed', () => connection.disconnect());
  return worker;
}
