import type { ServerResponse } from 'node:http';
import type { SimulatorContext } from './context.js';
import {
  ERROR_MESSAGES,
  type ErrorCode,
  envelopeJson,
  httpStatusFor,
  type ResponseStyle,
  successJson,
} from './envelope.js';
import { JSON_CONTENT_TYPE, sendBody } from './http-response.js';

const ERROR_CODES = Object.keys(ERROR_MESSAGES).map(Number) as ErrorCode[];

// Most errors carry the default message and no data: serialise those once.
const DEFAULT_ERROR_BODIES = new Map(
  ERROR_CODES.map((code) => [code, Buffer.from(envelopeJson(code, ERROR_MESSAGES[code], null))]),
);

/** Answers `{"code":200,"message":"success","data":…}` and counts it as `'ok'`. */
export function replySuccess(ctx: SimulatorContext, res: ServerResponse, data: unknown): void {
  ctx.stats.recordResponse('ok');
  sendBody(res, 200, JSON_CONTENT_TYPE, successJson(data));
}

/** Answers an error envelope with `data: null` and counts it under its code. */
export function replyError(
  ctx: SimulatorContext,
  res: ServerResponse,
  code: ErrorCode,
  message?: string,
  style?: ResponseStyle,
): void {
  const body =
    (message === undefined ? DEFAULT_ERROR_BODIES.get(code) : undefined) ??
    envelopeJson(code, message ?? ERROR_MESSAGES[code], null);

  ctx.stats.recordResponse(String(code));
  sendBody(res, httpStatusFor(code, style ?? ctx.options.errorStyle), JSON_CONTENT_TYPE, body);
}
