import { explainUntrackableAssetId } from '@crun/tracking';
import type { FastifyInstance, FastifyReply } from 'fastify';

import type { AssetProducer } from '../producer.js';

type AssetParams = { Params: { assetId: string } };

const cancelQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { reason: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/**
 * Control of one asset's tracking, fleet-wide:
 * - `DELETE /v1/assets/:assetId[?reason=]` cancels it: 200 when cancelled,
 *   409 when its event was out first, 404 when not in flight;
 * - `POST /v1/assets/:assetId/check-now` brings its next read forward: 200
 *   `promoted`, or `already-due` (nothing to do), 404 when not in flight;
 * - `GET /v1/assets/:assetId/timeline`: its last reads, 404 when unknown.
 */
export function controlRoutes(producer: AssetProducer) {
  return async (app: FastifyInstance) => {
    app.delete<AssetParams & { Querystring: { reason?: string } }>(
      '/v1/assets/:assetId',
      { schema: { querystring: cancelQuerySchema } },
      async (request, reply) => {
        const { assetId } = request.params;
        if (refusedId(assetId, reply)) {
          return reply;
        }

        const result = await producer.cancel(assetId, request.query.reason);
        if (result.outcome === 'not-tracked') {
          return notFound(reply, `${assetId} is not in flight`);
        }

        if (result.outcome === 'already-ended') {
          const message = `${assetId}'s tracking published its event before the cancel`;
          return reply.code(409).send({ error: 'already_ended', message, ...result });
        }

        return result;
      },
    );

    app.post<AssetParams>('/v1/assets/:assetId/check-now', async (request, reply) => {
      const { assetId } = request.params;
      if (refusedId(assetId, reply)) {
        return reply;
      }

      const result = await producer.checkNow(assetId);
      return result.outcome === 'not-tracked'
        ? notFound(reply, `${assetId} is not in flight`)
        : result;
    });

    app.get<AssetParams>('/v1/assets/:assetId/timeline', async (request, reply) => {
      const { assetId } = request.params;
      if (refusedId(assetId, reply)) {
        return reply;
      }

      const timeline = await producer.timeline(assetId);
      return (
        timeline ??
        notFound(reply, `${assetId} is neither in flight nor finished within the retention`)
      );
    });
  };
}

/** Answers 400 for an ID that cannot be tracked; true when it did. */
function refusedId(assetId: string, reply: FastifyReply): boolean {
  const problem = explainUntrackableAssetId(assetId);
  if (problem) {
    void reply.code(400).send({ error: 'invalid_request', message: `assetId: ${problem}` });
  }

  return problem !== undefined;
}

function notFound(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(404).send({ error: 'not_found', message });
}
