import { CrunError } from './crun-error.js';

/** No complete answer arrived within the request timeout. */
export class CrunTimeoutError extends CrunError {
  override name = 'CrunTimeoutError';

  readonly endpoint: string;
  readonly timeoutMs: number;

  constructor(endpoint: string, timeoutMs: number) {
    super(`Crun ${endpoint} did not answer within ${timeoutMs} ms`, { retryable: true });
    this.endpoint = endpoint;
    this.timeoutMs = timeoutMs;
  }
}
