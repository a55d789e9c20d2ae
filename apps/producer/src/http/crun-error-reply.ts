import { CrunApiError, type CrunError, CrunNetworkError, CrunTimeoutError } from '@crun/api';

import type { ErrorBody } from './error-reply.js';

type Answer = [status: number, body: ErrorBody, headers?: Record<string, string>];

/**
 * How a failed upload is answered. Crun's refusals of the request itself
 * (422) pass through as 422, its rate limit as 429 with its `Retry-After`;
 * everything else is Crun's or our configuration's fault: 502, or 504 when
 * Crun did not answer in time. When Crun gave no answer (timeout, broken
 * connection) or an unreadable one, the asset may exist all the same:
 * `maybeCreated` says so, and the client should check before uploading again.
 */
export function crunErrorReply(error: CrunError): Answer {
  if (error instanceof CrunApiError) {
    if (error.kind === 'invalid-request') {
      return [422, body('upload_rejected', error, false)];
    }

    if (error.kind === 'rate-limited') {
      const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 1_000) / 1_000));
      return [429, body('crun_rate_limited', error, false), { 'retry-after': String(seconds) }];
    }

    return [502, body('crun_error', error, false)];
  }

  if (error instanceof CrunTimeoutError) {
    return [504, body('crun_timeout', error, true)];
  }

  return [
    502,
    body(error instanceof CrunNetworkError ? 'crun_unreachable' : 'crun_bad_answer', error, true),
  ];
}

function body(code: string, error: CrunError, maybeCreated: boolean): ErrorBody {
  return { error: code, message: error.message, retryable: error.retryable, maybeCreated };
}
