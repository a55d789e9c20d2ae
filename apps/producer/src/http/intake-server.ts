import type { CrunClient } from '@crun/api';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';

import type { AssetProducer } from '../producer.js';
import { assetsRoutes } from './assets-routes.js';
import { bearerAuth } from './bearer-auth.js';
import { controlRoutes } from './control-routes.js';
import { errorReply } from './error-reply.js';
import { IntakeMetrics } from './intake-metrics.js';
import { uploadsRoute } from './uploads-route.js';

export interface IntakeServerOptions {
  /** The bearer token every `/v1` request must carry. Required: without one the server is not built. */
  token: string;
  /** Enqueues and reads assets; the caller opens and closes it. */
  producer: AssetProducer;
  /** Enables `POST /v1/uploads`; without it that route answers 501. @default none */
  crunClient?: CrunClient | undefined;
  /** Most assets one `POST /v1/assets` may carry. @default 1000 */
  maxItems?: number | undefined;
  /** Largest request body accepted, in bytes. @default 2097152 (2 MiB) */
  bodyLimitBytes?: number | undefined;
  /** Seconds a client is told to wait (`Retry-After`) while Redis is unavailable. @default 5 */
  retryAfterSeconds?: number | undefined;
  /** Where requests and failures are logged; the token never is. @default no logging */
  logger?: FastifyBaseLogger | undefined;
}

/** 1000 items of a short ID and a little metadata fit with room to spare. */
const DEFAULT_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * Builds the HTTP intake (not yet listening): `POST /v1/assets`,
 * `GET /v1/assets/:assetId`, `GET /v1/assets?status=`, `POST /v1/uploads`,
 * and per asset `DELETE`, `POST …/check-now` and `GET …/timeline`, behind the
 * bearer token; `GET /healthz` and `GET /metrics` (Prometheus) without it.
 */
export function createIntakeServer(options: IntakeServerOptions): FastifyInstance {
  const authenticate = bearerAuth(options.token);
  const maxItems = options.maxItems ?? 1000;
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  if (!Number.isInteger(maxItems) || maxItems < 1) {
    throw new TypeError('intake server: `maxItems` must be a positive integer');
  }

  const app = Fastify({
    bodyLimit,
    // Asset IDs may be 128 characters; longer ones get a 400 that says why.
    routerOptions: { maxParamLength: 256 },
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    // Types are checked, never coerced (42 must not pass as "42"), and
    // unknown fields are refused rather than silently dropped.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });

  // JSON only: plain text would otherwise reach the schema as a string.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler(errorReply(options.retryAfterSeconds ?? 5, bodyLimit));
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: 'not_found', message: `no route ${request.method} ${request.url}` }),
  );

  const metrics = new IntakeMetrics();
  metrics.install(app);

  app.get('/healthz', async (_request, reply) => {
    await options.producer.ping();
    return reply.send({ status: 'ok' });
  });

  app.register(async (v1) => {
    v1.addHook('onRequest', authenticate);
    await v1.register(assetsRoutes(options.producer, maxItems, metrics));
    await v1.register(controlRoutes(options.producer));
    await v1.register(uploadsRoute(options.producer, options.crunClient));
  });

  return app;
}
