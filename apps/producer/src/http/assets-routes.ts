import { explainUntrackableAssetId } from '@crun/tracking';
import type { FastifyInstance } from 'fastify';

import type { EnqueueResult } from '../enqueue-assets.js';
import type { AssetProducer } from '../producer.js';
import type { IntakeMetrics } from './intake-metrics.js';
import { type EnqueueBody, enqueueBodySchema, type ListQuery, listQuerySchema } from './schemas.js';

/** What the answer says of one item: its outcome, or where and why it was rejected. */
type ItemAnswer =
  | { outcome: 'queued' | 'already-tracked'; assetId: string; trackingId: string }
  | { outcome: 'rejected'; path: string; reason: string };

/**
 * `POST /v1/assets` enqueues (idempotent: an asset in flight is reported
 * `already-tracked` with its running tracking), `GET /v1/assets/:assetId`
 * reads one asset's state, `GET /v1/assets?status=` lists them.
 */
export function assetsRoutes(producer: AssetProducer, maxItems: number, metrics: IntakeMetrics) {
  return async (app: FastifyInstance) => {
    app.post<{ Body: EnqueueBody }>(
      '/v1/assets',
      { schema: { body: enqueueBodySchema(maxItems) } },
      async (request) => {
        const report = await producer.enqueue(request.body.assets);
        metrics.recordEnqueue(report);
        const { queued, alreadyTracked, rejected } = report;
        return { queued, alreadyTracked, rejected, results: report.results.map(toAnswer) };
      },
    );

    app.get<{ Params: { assetId: string } }>('/v1/assets/:assetId', async (request, reply) => {
      const { assetId } = request.params;
      const problem = explainUntrackableAssetId(assetId);
      if (problem) {
        return reply.code(400).send({ error: 'invalid_request', message: `assetId: ${problem}` });
      }

      const state = await producer.state(assetId);
      if (!state) {
        const message = `${assetId} is neither in flight nor finished within the retention`;
        return reply.code(404).send({ error: 'not_found', message });
      }

      return state;
    });

    app.get<{ Querystring: ListQuery }>(
      '/v1/assets',
      { schema: { querystring: listQuerySchema } },
      async (request, reply) => {
        const limit = Number(request.query.limit ?? 50);
        const offset = Number(request.query.offset ?? 0);
        if (limit < 1 || limit > 1000) {
          const message = 'limit: must be from 1 to 1000';
          return reply.code(400).send({ error: 'invalid_request', message });
        }

        return producer.list({ status: request.query.status, limit, offset });
      },
    );
  };
}

function toAnswer(result: EnqueueResult, index: number): ItemAnswer {
  if (result.outcome !== 'rejected') {
    return result;
  }

  const isObject = typeof result.input === 'object' && result.input !== null;
  const field = isObject && result.field ? `.${result.field}` : '';
  return { outcome: 'rejected', path: `assets[${index}]${field}`, reason: result.reason };
}
