import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { handleApiRequest } from './api-routes.js';
import type { SimulatorContext } from './context.js';
import { CONTROL_PREFIX, handleControlRequest } from './control-routes.js';
import { replyError } from './reply.js';

/** Splits the request target by hand: `new URL()` per request would cost more than the rest. */
export function createRequestListener(ctx: SimulatorContext): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const target = req.url ?? '/';
    const queryStart = target.indexOf('?');
    const path = queryStart === -1 ? target : target.slice(0, queryStart);
    const query = queryStart === -1 ? '' : target.slice(queryStart + 1);

    if (ctx.options.controlRoutes && path.startsWith(CONTROL_PREFIX)) {
      void handleControlRequest(ctx, req, res, path, query);
      return;
    }

    try {
      handleApiRequest(ctx, req, res, path, query);
    } catch {
      // A bug here must not take the server down mid-benchmark; the client sees Crun's 500.
      if (!res.headersSent && !res.destroyed) {
        replyError(ctx, res, 500);
      }
    }
  };
}
