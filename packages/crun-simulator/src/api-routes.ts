import type { IncomingMessage, ServerResponse } from 'node:http';
import { toAssetInfo } from './asset-view.js';
import type { SimulatorContext } from './context.js';
import { answerWithFault } from './fault-answers.js';
import type { FaultPath } from './fault-rules.js';
import { replyError, replySuccess } from './reply.js';
import { readJsonBody } from './request-body.js';
import type { RouteName } from './stats.js';
import { parseUploadRequest } from './upload-request.js';
import { ValidationError } from './validation.js';

export const ASSET_INFO_PATH = '/api/v1/client/job/asset-info';
export const UPLOAD_PATH = '/api/v1/client/job/asset-upload';

/**
 * The documented API. Checks run in this order: key (401), path and method
 * (404), credits (402), injected faults, then the normal answer.
 */
export function handleApiRequest(
  ctx: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: string,
): void {
  const route = routeOf(req.method, path);
  const assetId = route === 'asset-info' ? assetIdParam(query) : undefined;

  ctx.stats.recordRequest(route, assetId, ctx.options.now());

  if (!ctx.access.accepts(req.headers['x-api-key'])) {
    replyError(ctx, res, 401);
    return;
  }

  if (route === 'other') {
    replyError(ctx, res, 404, 'endpoint not found');
    return;
  }

  if (!ctx.access.creditsAvailable) {
    replyError(ctx, res, 402);
    return;
  }

  const decision = ctx.faults.evaluate(route, assetId);

  if (decision === undefined) {
    answer(ctx, req, res, route, assetId);
    return;
  }

  const { delayMs, fault } = decision;
  const finish = (): void => {
    if (fault === undefined) {
      answer(ctx, req, res, route, assetId);
    } else {
      answerWithFault(ctx, req, res, fault, route, assetId);
    }
  };

  if (delayMs > 0) {
    ctx.timers.schedule(res, delayMs, finish);
  } else {
    finish();
  }
}

function routeOf(method: string | undefined, path: string): RouteName {
  // A known path with the wrong method is answered like an unknown one, as documented.
  if (path === ASSET_INFO_PATH && method === 'GET') {
    return 'asset-info';
  }

  if (path === UPLOAD_PATH && method === 'POST') {
    return 'upload';
  }

  return 'other';
}

/** The first `asset_id`; missing, empty and blank all count as not given. */
function assetIdParam(query: string): string | undefined {
  if (query === '') {
    return undefined;
  }

  const assetId = new URLSearchParams(query).get('asset_id');
  return assetId === null || assetId.trim() === '' ? undefined : assetId;
}

function answer(
  ctx: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  route: FaultPath,
  assetId: string | undefined,
): void {
  if (route === 'asset-info') {
    answerAssetInfo(ctx, res, assetId);
  } else {
    void answerUpload(ctx, req, res);
  }
}

function answerAssetInfo(
  ctx: SimulatorContext,
  res: ServerResponse,
  assetId: string | undefined,
): void {
  if (assetId === undefined) {
    replyError(ctx, res, 422, 'asset_id is required');
    return;
  }

  const asset = ctx.assets.find(assetId);

  if (asset === undefined) {
    replyError(ctx, res, 404, 'asset not found');
    return;
  }

  replySuccess(ctx, res, toAssetInfo(asset, ctx.options.now()));
}

async function answerUpload(
  ctx: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const upload = parseUploadRequest(await readJsonBody(req));
    const asset = ctx.assets.add({ name: upload.name, assetType: upload.assetType });

    replySuccess(ctx, res, { AssetId: asset.assetId });
  } catch (error) {
    // The client may have gone away mid-body; there is nobody left to answer.
    if (res.destroyed) {
      return;
    }

    if (error instanceof ValidationError) {
      replyError(ctx, res, 422, error.message);
    } else {
      replyError(ctx, res, 500);
    }
  }
}
