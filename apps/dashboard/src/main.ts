#!/usr/bin/env node
import { isIP } from 'node:net';

import {
  createRedisConnection,
  describeRedisTarget,
  readTrackingTarget,
  waitForRedis,
} from '@crun/tracking';

import { createDashboard } from './dashboard-app.js';

/**
 * `crun-dashboard`: serves Bull Board on DASHBOARD_HOST:DASHBOARD_PORT.
 * Without DASHBOARD_PASSWORD it refuses any host but loopback, so the queue
 * is never shown to a network without a password.
 */
const host = process.env.DASHBOARD_HOST || '127.0.0.1';
const port = Number(process.env.DASHBOARD_PORT || 3000);
const user = process.env.DASHBOARD_USER || 'admin';
const password = process.env.DASHBOARD_PASSWORD || undefined;

if (!password && !isLoopback(host)) {
  console.error(
    `crun-dashboard: set DASHBOARD_PASSWORD to serve on ${host}; without it only loopback is allowed`,
  );
  process.exit(1);
}

let target: ReturnType<typeof readTrackingTarget>;
try {
  target = readTrackingTarget();
} catch (error) {
  console.error(`crun-dashboard: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const redis = createRedisConnection(target.redis, 'worker');
try {
  await waitForRedis(redis, target.redis);
} catch (error) {
  console.error(`crun-dashboard: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const dashboard = createDashboard({
  redis,
  locations: target.topology.partitions,
  auth: password ? { user, password } : undefined,
});
const server = dashboard.app.listen(port, host, () => {
  const auth = password ? `basic auth as ${user}` : 'no auth, loopback only';
  console.log(
    `crun-dashboard on http://${host}:${port}/ (${auth}), ${describeRedisTarget(target.redis)}`,
  );
});

const stop = () => {
  server.close();
  dashboard.close().finally(() => redis.disconnect());
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

function isLoopback(address: string): boolean {
  return (
    address === 'localhost' ||
    address === '::1' ||
    (isIP(address) === 4 && address.startsWith('127.'))
  );
}
