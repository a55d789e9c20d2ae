import { CrunError } from './crun-error.js';

/** The request never got an answer: refused, reset, DNS failure and the like. */
export class CrunNetworkError extends CrunError {
  override name = 'CrunNetworkError';

  readonly endpoint: string;

  constructor(endpoint: string, cause: unknown) {
    super(`Crun ${endpoint} could not be reached: ${describeCause(cause)}`, {
      retryable: true,
      cause,
    });
    this.endpoint = endpoint;
  }
}

// undici reports every network failure as `TypeError: fetch failed` and keeps
// the useful part (ECONNREFUSED, ECONNRESET) in `cause`.
function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) {
    return String(cause);
  }

  const inner = cause.cause;
  if (inner instanceof Error) {
    const code = (inner as NodeJS.ErrnoException).code;
    return code ? `${code} (${inner.message})` : inner.message;
  }

  return cause.message;
}
