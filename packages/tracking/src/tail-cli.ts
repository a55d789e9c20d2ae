#!/usr/bin/env node
import { parseArgs } from 'node:util';

import { readAssetEvents } from './events/read-events.js';
import { createRedisConnection, waitForRedis } from './redis-connection.js';
import { DEFAULT_PREFIX, TRACKING_QUEUE_NAME } from './tracking-keys.js';

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

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const location = {
  prefix: process.env.CRUN_PREFIX ?? DEFAULT_PREFIX,
  queueName: process.env.CRUN_QUEUE ?? TRACKING_QUEUE_NAME,
};
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
