import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAssetId } from './asset-id.js';
import { toAssetInfo } from './asset-view.js';
import type { SimulatorContext } from './context.js';
import type {
  FaultPath,
  MalformedFault,
  RateLimitFault,
  ServerErrorFault,
  TerminalFault,
} from './fault-rules.js';
import { HTML_CONTENT_TYPE, sendBody } from './http-response.js';
import { malformedBody, proxyErrorPage } from './malformed-bodies.js';
import { replyError } from './reply.js';
import { formatTimestamp } from './timestamps.js';

/** Answers a request the way `fault` says, instead of the normal handler. */
export function answerWithFault(
  ctx: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  fault: TerminalFault,
  path: FaultPath,
  assetId: string | undefined,
): void {
  switch (fault.kind) {
    case 'rate-limit':
      replyRateLimited(ctx, res, fault);
      break;
    case 'maintenance':
      replyError(ctx, res, 455, undefined, fault.style);
      break;
    case 'server-error':
      replyServerError(ctx, res, fault);
      break;
    case 'malformed':
      replyMalformed(ctx, res, fault, path, assetId);
      break;
    case 'hang':
      ctx.stats.recordResponse('hang');
      ctx.timers.schedule(res, fault.ms, () => res.socket?.destroy());
      break;
    case 'reset':
      ctx.stats.recordResponse('reset');
      // RST rather than FIN: the client sees ECONNRESET, not a clean end of stream.
      req.socket.resetAndDestroy();
      break;
    case 'auth':
      replyError(ctx, res, 401, undefined, fault.style);
      break;
    case 'credits':
      replyError(ctx, res, 402, undefined, fault.style);
      break;
  }
}

function replyRateLimited(ctx: SimulatorContext, res: ServerResponse, fault: RateLimitFault): void {
  const retryAfter = fault.retryAfter;

  if (retryAfter !== undefined) {
    const value =
      'httpDate' in retryAfter
        ? new Date(ctx.options.now() + retryAfter.seconds * 1000).toUTCString()
        : String(retryAfter.seconds);
    res.setHeader('retry-after', value);
  }

  replyError(ctx, res, 429, undefined, fault.style);
}

function replyServerError(
  ctx: SimulatorContext,
  res: ServerResponse,
  fault: ServerErrorFault,
): void {
  const status = fault.status ?? 500;

  if (status === 500) {
    replyError(ctx, res, 500, undefined, fault.style);
    return;
  }

  ctx.stats.recordResponse(String(status));
  sendBody(res, status, HTML_CONTENT_TYPE, proxyErrorPage(status));
}

function replyMalformed(
  ctx: SimulatorContext,
  res: ServerResponse,
  fault: MalformedFault,
  path: FaultPath,
  assetId: string | undefined,
): void {
  const { contentType, body } = malformedBody(fault.body, sampleData(ctx, path, assetId));

  ctx.stats.recordResponse('malformed');
  sendBody(res, fault.httpStatus ?? 200, contentType, body);
}

/** The `data` a correct answer would have carried, or a stand-in when there is none. */
function sampleData(
  ctx: SimulatorContext,
  path: FaultPath,
  assetId: string | undefined,
): Record<string, unknown> {
  const now = ctx.options.now();
  const asset = assetId === undefined ? undefined : ctx.assets.find(assetId);

  if (asset !== undefined) {
    return { ...toAssetInfo(asset, now) };
  }

  // A fixed suffix keeps the seeded ID sequence of real assets untouched.
  const standInId = assetId ?? createAssetId(now, () => 0);

  if (path === 'upload') {
    return { AssetId: standInId };
  }

  const time = formatTimestamp(now, 'iso');
  return {
    AssetId: standInId,
    Name: 'unknown',
    AssetType: 'Image',
    Status: 'Processing',
    CreateTime: time,
    UpdateTime: time,
  };
}
