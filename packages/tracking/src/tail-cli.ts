#!/usr/bin/env node
import { parseArgs } from 'node:util';

import { readAssetEvents } from './events/read-events.js';
import { createRedisConnection, waitForRedis } from './redis-connection.js';
import { readTrackingTarget } from './settings/tracking-target.js';

const USAGE = `Usage: crun-events [--from ID|0|$] [--json]

Prints readiness events as they arrive, one line each.
  --from  $ (default) for new events only, 0 for all the stream holds,
          or an event ID to resume after it
  --json  print each event as one JSON line
Environment: REDIS_URL (default redis://127.0.0.1:6379), CRUN_PREFIX, CRUN_QUEUE`;

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: '$' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

let target: ReturnType<typeof readTrackingTarget>;
try {
  target = readTrackingTarget();
} catch (error) {
  console.error(`crun-events: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const { redisUrl: url, location } = target;
const redis = createRedisConnection(url, 'worker');
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());

try {
  await waitForRedis(redis, url);
  for await (const { id, event } of readAssetEvents(redis, location, {
    from: values.from,
    signal: stop.signal,
  })) {
    if (values.json) {
      console.log(JSON.stringify({ id, ...event }));
    } else {
      const why = event.reason ? ` (${event.reason})` : '';
      console.log(`${id}  ${event.type.padEnd(16)} ${event.assetId}  polls=${event.polls}${why}`);
    }
  }
} catch (error) {
  console.error(`crun-events: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  redis.disconnect();
}
