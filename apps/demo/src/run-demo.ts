import { CrunClient } from '@crun/api';
import { AssetProducer } from '@crun/producer';
import { startSimulator } from '@crun/simulator';
import {
  type AssetEvent,
  createRedisConnection,
  openTrackingQueue,
  readAssetEvents,
  redactRedisUrl,
  waitForRedis,
} from '@crun/tracking';
import {
  createLogger,
  startTrackingWorker,
  type TrackingPolicy,
  type WorkerConfig,
} from '@crun/worker';

import { seedDemoAssets } from './demo-assets.js';
import { formatEvent, formatSummary } from './demo-output.js';

const DEMO_API_KEY = 'demo-key';
const DEMO_WORKERS = 2;

/** Review in the simulator takes seconds, so the demo polls on a seconds scale too. */
const DEMO_POLICY: TrackingPolicy = {
  poll: { initialDelayMs: 500, factor: 1.5, maxDelayMs: 3_000, jitter: 0.1 },
  retry: { initialDelayMs: 250, factor: 2, maxDelayMs: 4_000, jitter: 0.2 },
  deadlineMs: 60_000,
};

/**
 * The whole tracker on this machine: the bundled Crun simulator, two workers,
 * a producer and an event subscriber, on the configured Redis, in a queue of
 * its own that is removed at the end.
 */
export async function runDemo(config: WorkerConfig, assetCount: number): Promise<void> {
  const simulator = await startSimulator({ apiKeys: [DEMO_API_KEY] });
  console.log(
    `No CRUN_API_KEY is set, so this run uses the bundled Crun simulator at ${simulator.url}.`,
  );
  console.log('No request goes to the real Crun API. Set CRUN_API_KEY to run the real worker.\n');

  const redis = createRedisConnection(config.redisUrl, 'worker');
  await waitForRedis(redis, config.redisUrl);
  const location = { prefix: config.location.prefix, queueName: `demo-${Date.now()}` };
  console.log(
    `Redis: ${redactRedisUrl(config.redisUrl)}, queue ${location.prefix}:${location.queueName}`,
  );

  const logger = createLogger('crun-demo-worker', 'warn');
  const client = new CrunClient({ apiKey: DEMO_API_KEY, baseUrl: simulator.url });
  const workers = await Promise.all(
    Array.from({ length: DEMO_WORKERS }, () =>
      startTrackingWorker({
        redisUrl: config.redisUrl,
        client,
        location,
        policy: DEMO_POLICY,
        logger,
        concurrency: 20,
        ratePerSecond: 0,
        eventStreamMaxLength: 10_000,
      }),
    ),
  );
  console.log(
    `${DEMO_WORKERS} workers started; first read at once, then every 0.5 s × 1.5ⁿ (max 3 s)\n`,
  );

  const batch = seedDemoAssets(simulator, assetCount);
  const startedAt = Date.now();
  const stop = new AbortController();
  const events = collectEvents(redis, location, batch.expected.size, stop.signal);

  const producer = new AssetProducer({ redisUrl: config.redisUrl, location });
  const report = await producer.enqueue(batch.ids);
  console.log(
    `Enqueued ${batch.ids.length} IDs: ${report.queued} queued, ${report.alreadyTracked} already tracked, ${report.rejected} rejected`,
  );
  for (const result of report.results) {
    if (result.outcome === 'rejected') {
      console.log(`  rejected ${JSON.stringify(result.input)}: ${result.reason}`);
    }
  }
  console.log('');

  const received = await events;
  const elapsedMs = Date.now() - startedAt;
  console.log(
    `\n${formatSummary(received, batch.expected, simulator.stats.byRoute['asset-info'], elapsedMs)}`,
  );

  stop.abort();
  await Promise.all(workers.map((worker) => worker.close(5_000)));
  const queue = openTrackingQueue(redis, location);
  await queue.obliterate({ force: true });
  await queue.close();
  await producer.close();
  redis.disconnect();
  await simulator.close();
}

async function collectEvents(
  redis: ReturnType<typeof createRedisConnection>,
  location: { prefix: string; queueName: string },
  expected: number,
  signal: AbortSignal,
): Promise<AssetEvent[]> {
  const received: AssetEvent[] = [];
  for await (const { event } of readAssetEvents(redis, location, { from: '0', signal })) {
    received.push(event);
    console.log(formatEvent(event));
    if (received.length === expected) {
      break;
    }
  }

  return received;
}
