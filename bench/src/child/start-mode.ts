import { createLogger, startTrackingWorker } from '@crun/worker';
import type { Worker } from 'bullmq';

import { startBareAttemptsWorker, startBareDelayedWorker } from './bare-workers.js';
import { CountingClient } from './counting-client.js';
import { startHttpLoop } from './http-loop.js';
import type { ChildConfig } from './protocol.js';

/** Something running in this child: paused between measured windows, stopped at the end. */
export interface Running {
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts what `config.mode` names; resolves once it takes work. */
export async function startMode(config: ChildConfig): Promise<Running> {
  const client = new CountingClient({
    apiKey: config.apiKey,
    baseUrl: config.simUrl,
    timeoutMs: 10_000,
  });

  switch (config.mode) {
    case 'ours': {
      // Info lines (one per resolved asset) are formatted as in production,
      // then dropped: the bench prices the logging, not the terminal.
      const logger = createLogger('bench-worker', 'info', { write() {} });
      const tracker = await startTrackingWorker({
        redisUrl: config.redisUrl,
        redisClusterNodes: config.redisClusterNodes,
        client,
        location: config.location,
        partitions: config.partitions,
        policy: config.policy,
        logger,
        concurrency: config.concurrency,
        ratePerSecond: 0,
        eventStreamMaxLength: 100_000,
        readyTime: { enabled: false, ...config.readyTime },
      });
      return { ...pausing(...tracker.workers), stop: () => tracker.close(5_000) };
    }

    case 'bare-delayed':
      return ready(startBareDelayedWorker(config, client));

    case 'bare-attempts':
      return ready(startBareAttemptsWorker(config, client));

    case 'http-ky':
    case 'http-fetch':
      return startHttpLoop(config, client);
  }
}

async function ready(worker: Worker): Promise<Running> {
  await worker.waitUntilReady();
  return { ...pausing(worker), stop: () => worker.close() };
}

/** Pausing waits for the checks in flight, so a paused fleet leaves Redis alone. */
function pausing(
  ...workers: Pick<Worker, 'pause' | 'resume'>[]
): Pick<Running, 'pause' | 'resume'> {
  return {
    pause: async () => {
      await Promise.all(workers.map((worker) => worker.pause()));
    },
    resume: async () => {
      for (const worker of workers) {
        worker.resume();
      }
    },
  };
}
