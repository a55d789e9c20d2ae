import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestRedis, type TestRedis } from '@crun/test-redis';
import { openTrackingQueue, trackingJob } from '@crun/tracking';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createDashboard, type Dashboard } from '../src/index.js';

const location = { prefix: 'test', queueName: 'dashboard' };
const AUTH = { user: 'ops', password: 'board-secret' };
let redis: TestRedis;
let connection: Redis;
let dashboard: Dashboard;
let server: Server;
let url: string;

beforeAll(async () => {
  redis = await startTestRedis();
  connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const queue = openTrackingQueue(connection, location);
  const data = { assetId: 'asset-on-board', trackingId: 't', firstSeenAt: 0, polls: 0, retries: 0 };
  const { name, data: stored, opts } = trackingJob(data);
  await queue.add(name, stored, { ...opts, delay: 60_000 });
  await queue.close();

  dashboard = createDashboard({ redis: connection, locations: [location], auth: AUTH });
  server = dashboard.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await dashboard.close();
  connection.disconnect();
  await redis.close();
});

const withAuth = {
  authorization: `Basic ${Buffer.from(`${AUTH.user}:${AUTH.password}`).toString('base64')}`,
};

describe('dashboard', () => {
  it('should refuse requests without the right credentials', async () => {
    const none = await fetch(`${url}/`);
    const wrong = await fetch(`${url}/`, {
      headers: { authorization: `Basic ${Buffer.from('ops:nope').toString('base64')}` },
    });

    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/Basic realm="crun-dashboard"/);
    expect(wrong.status).toBe(401);
  });

  it('should serve the board and list the tracking queue with its delayed job', async () => {
    const page = await fetch(`${url}/`, { headers: withAuth });
    const api = await fetch(`${url}/api/queues?activeQueue=dashboard&status=delayed&page=1`, {
      headers: withAuth,
    });
    const body = (await api.json()) as {
      queues: { name: string; counts: Record<string, number>; readOnlyMode: boolean }[];
    };

    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    expect(body.queues.map((queue) => queue.name)).toEqual(['dashboard']);
    expect(body.queues[0]?.counts.delayed).toBe(1);
    expect(body.queues[0]?.readOnlyMode).toBe(true);
  });
});
