import { CrunError } from '@crun/api';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

import { RedisUnavailableError } from '../redis-unavailable-error.js';
import { UploadNotTrackedError } from '../upload/upload-errors.js';
import { crunErrorReply } from './crun-error-reply.js';
import { validationMessage } from './validation-message.js';

/** Every error answer: a stable code for programs and a sentence for people. */
export interface ErrorBody {
  error: string;
  message: string;
  [detail: string]: unknown;
}

/** Fastify's own request errors, by code: status and error code to answer with. */
const REQUEST_ERRORS: Record<string, [status: number, error: string, message?: string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json', 'the body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json', 'the body is empty; send a JSON object'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'send application/json'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body_too_large'],
};

/**
 * Turns whatever a route threw into a JSON answer. Redis outages answer 503
 * with `Retry-After`, so clients back off and repeat, which is safe.
 */
export function errorReply(retryAfterSeconds: number, bodyLimitBytes: number) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const [status, body, headers = {}] = describe(
      error,
      request,
      retryAfterSeconds,
      bodyLimitBytes,
    );
    if (status >= 500 && status !== 503) {
      request.log.error({ err: error }, 'request failed');
    }

    return reply.code(status).headers(headers).send(body);
  };
}

type Answer = [status: number, body: ErrorBody, headers?: Record<string, string>];

function describe(
  error: FastifyError,
  request: FastifyRequest,
  retryAfterSeconds: number,
  bodyLimitBytes: number,
): Answer {
  if (error.validation) {
    return describeValidation(error, request);
  }

  const known = error.code ? REQUEST_ERRORS[error.code] : undefined;
  if (known) {
    const [status, code, message] = known;
    return [
      status,
      { error: code, message: message ?? `the body is over ${bodyLimitBytes} bytes` },
    ];
  }

  const retryAfter = { 'retry-after': String(retryAfterSeconds) };
  if (error instanceof UploadNotTrackedError) {
    const body = { error: 'not_tracked', message: error.message, assetId: error.assetId };
    return [503, body, retryAfter];
  }

  if (error instanceof RedisUnavailableError) {
    return [503, { error: 'redis_unavailable', message: error.message }, retryAfter];
  }

  if (error instanceof CrunError) {
    return crunErrorReply(error);
  }

  if (error.statusCode && error.statusCode < 500) {
    return [error.statusCode, { error: 'bad_request', message: error.message }];
  }

  return [500, { error: 'internal_error', message: 'the request failed; see the server log' }];
}

function describeValidation(error: FastifyError, request: FastifyRequest): Answer {
  const validation = error.validation ?? [];
  const message = validationMessage(validation, error.validationContext);
  if (validation[0]?.keyword !== 'maxItems') {
    return [400, { error: 'invalid_request', message }];
  }

  const sent = (request.body as { assets?: unknown[] } | undefined)?.assets?.length;
  const limit = (validation[0].params as { limit?: number }).limit;
  const what = `${sent ?? 'too many'} assets in one request; the limit is ${limit}`;
  return [413, { error: 'too_many_items', message: `assets: ${what}` }];
}
