import type { CrunErrorKind } from '../error-codes.js';
import { CrunError } from './crun-error.js';

export interface CrunApiErrorDetails {
  /** The envelope's `code`, or the HTTP status when the body had no envelope. */
  code: number;
  /** The HTTP status of the response. */
  status: number;
  kind: CrunErrorKind;
  retryable: boolean;
  /** The server's own message, when the body carried one. */
  serverMessage: string | undefined;
  /** True when the error came in a Crun envelope, false for a bare HTTP error page. */
  fromEnvelope: boolean;
  /** How long the server asked us to wait (`Retry-After`), already clamped. */
  retryAfterMs: number | undefined;
  method: string;
  /** The endpoint's path, e.g. `/api/v1/client/job/asset-info`. */
  endpoint: string;
}

/** Crun answered, and the answer was an error: a non-200 `code` or HTTP status. */
export class CrunApiError extends CrunError {
  override name = 'CrunApiError';

  readonly code: number;
  readonly status: number;
  readonly kind: CrunErrorKind;
  readonly serverMessage: string | undefined;
  readonly fromEnvelope: boolean;
  readonly retryAfterMs: number | undefined;
  readonly method: string;
  readonly endpoint: string;

  constructor(details: CrunApiErrorDetails) {
    const said = details.serverMessage ? `: ${details.serverMessage}` : '';
    super(`Crun ${details.method} ${details.endpoint} failed with code ${details.code}${said}`, {
      retryable: details.retryable,
    });
    this.code = details.code;
    this.status = details.status;
    this.kind = details.kind;
    this.serverMessage = details.serverMessage;
    this.fromEnvelope = details.fromEnvelope;
    this.retryAfterMs = details.retryAfterMs;
    this.method = details.method;
    this.endpoint = details.endpoint;
  }
}
