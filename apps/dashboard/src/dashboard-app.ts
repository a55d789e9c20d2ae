import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import {
  openTrackingQueue,
  type RedisClient,
  type TrackingLocation,
  type TrackingQueue,
} from '@crun/tracking';
import express, { type Express } from 'express';
import basicAuth from 'express-basic-auth';

export interface DashboardOptions {
  redis: RedisClient;
  /** The tracking queues to show, one per location. */
  locations: readonly TrackingLocation[];
  /** Basic-auth credentials; without them the page is open (loopback only, see main). */
  auth?: { user: string; password: string } | undefined;
  /** Path the board is served under. @default '/' */
  basePath?: string | undefined;
}

export interface Dashboard {
  readonly app: Express;
  close(): Promise<void>;
}

/** Bull Board over the tracking queues, read-only, behind basic auth when given. */
export function createDashboard(options: DashboardOptions): Dashboard {
  const basePath = options.basePath ?? '/';
  const queues: TrackingQueue[] = options.locations.map((location) =>
    openTrackingQueue(options.redis, location),
  );

  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(basePath);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Crun assets' } },
  });

  const app = express();
  app.disable('x-powered-by');
  if (options.auth) {
    app.use(
      basicAuth({
        users: { [options.auth.user]: options.auth.password },
        challenge: true,
        realm: 'crun-dashboard',
      }),
    );
  }
  app.use(basePath, serverAdapter.getRouter());

  return {
    app,
    async close() {
      await Promise.all(queues.map((queue) => queue.close()));
    },
  };
}
