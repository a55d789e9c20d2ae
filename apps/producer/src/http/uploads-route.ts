import type { CrunClient } from '@crun/api';
import type { FastifyInstance } from 'fastify';

import type { AssetProducer } from '../producer.js';
import { uploadAndTrack } from '../upload/upload-and-track.js';
import { type UploadBody, uploadBodySchema } from './schemas.js';

/**
 * `POST /v1/uploads`: uploads to Crun from a public URL and starts tracking
 * the new asset; 201 with its ID and tracking. Not idempotent (Crun is not):
 * a client that repeats it after a lost answer may create a second asset.
 * Without a Crun client (no `CRUN_API_KEY`) it answers 501.
 */
export function uploadsRoute(producer: AssetProducer, client: CrunClient | undefined) {
  return async (app: FastifyInstance) => {
    app.post<{ Body: UploadBody }>(
      '/v1/uploads',
      { schema: { body: uploadBodySchema } },
      async (request, reply) => {
        if (!client) {
          const message = 'uploads are off: the server has no Crun API key (CRUN_API_KEY)';
          return reply.code(501).send({ error: 'uploads_disabled', message });
        }

        const { name, asset_type: assetType, asset_url: assetUrl, metadata } = request.body;
        const tracked = await uploadAndTrack(client, producer, {
          name,
          assetType,
          assetUrl,
          metadata,
        });
        return reply.code(201).send(tracked);
      },
    );
  };
}
