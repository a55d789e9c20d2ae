import { CrunError } from './crun-error.js';

const BODY_EXCERPT_LENGTH = 200;

/**
 * Crun answered with something this client cannot read: an empty or non-JSON
 * body, a body without the envelope, or data that breaks the documented
 * shape (an unknown status, an unreadable timestamp). Retryable, because such
 * answers come from proxies and bad deploys that pass.
 */
export class CrunResponseError extends CrunError {
  override name = 'CrunResponseError';

  readonly status: number;
  readonly endpoint: string;
  /** The start of the body as received, for diagnosis. */
  readonly bodyExcerpt: string;

  constructor(problem: string, details: { status: number; endpoint: string; body: string }) {
    super(
      `Crun ${details.endpoint} sent a malformed response (HTTP ${details.status}): ${problem}`,
      {
        retryable: true,
      },
    );
    this.status = details.status;
    this.endpoint = details.endpoint;
    this.bodyExcerpt = details.body.slice(0, BODY_EXCERPT_LENGTH);
  }
}
