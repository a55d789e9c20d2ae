#!/usr/bin/env node
import { parseArgs } from 'node:util';

import type { FeedAnyAssetEvent } from './events/asset-event.js';
import { type AssetEventFeed, readAssetEvents } from './events/read-events.js';
import { createRedisConnection, waitForRedis } from './redis-connection.js';
import { readTrackingTarget } from './settings/tracking-target.js';

const USAGE = `Usage: crun-events [--from POSITION] [--notices] [--json]

Prints readiness events as they arrive, one line each, from every partition.
  --from  $ (default) for new events only, 0 for all the streams hold, or a
          position to resume after: an event ID with one partition, else one
          ID per partition, comma-separated (printed when crun-events stops)
  --notices  also print notices: asset.cancelled, and asset.removed and
          asset.changed from the re-validation sweep
  --json  print each event as one JSON line
With several partitions, each line names the partition (p0, p1, …) its
event ID belongs to.
Environment: REDIS_URL (default redis://127.0.0.1:6379) or REDIS_CLUSTER_NODES,
CRUN_PREFIX, CRUN_QUEUE, CRUN_PARTITIONS`;

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: '$' },
    json: { type: 'boolean', default: false },
    notices: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

let target: ReturnType<typeof readTrackingTarget>;
let redis: ReturnType<typeof createRedisConnection>;
let feed: AssetEventFeed<FeedAnyAssetEvent>;
const stop = new AbortController();
try {
  target = readTrackingTarget();
  redis = createRedisConnection(target.redis, 'worker');
  // Reads every partition of the topology as one feed; checks `--from` at once.
  const options = { from: values.from, signal: stop.signal };
  feed = values.notices
    ? readAssetEvents(redis, target.topology, { ...options, notices: true })
    : readAssetEvents(redis, target.topology, options);
} catch (error) {
  console.error(`crun-events: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const partitioned = target.topology.partitions.length > 1;
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());

try {
  await waitForRedis(redis, target.redis);
  for await (const { id, partition, event } of feed) {
    if (values.json) {
      console.log(JSON.stringify(partitioned ? { partition, id, ...event } : { id, ...event }));
    } else {
      const where = partitioned ? `p${partition}  ` : '';
      const why = event.reason ? ` (${event.reason})` : '';
      console.log(
        `${where}${id}  ${event.type.padEnd(16)} ${event.assetId}  polls=${event.polls}${why}`,
      );
    }
  }
} catch (error) {
  console.error(`crun-events: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  // On stderr, so that piped output stays events only.
  console.error(`crun-events: to resume, --from '${feed.position()}'`);
  redis.disconnect();
}
