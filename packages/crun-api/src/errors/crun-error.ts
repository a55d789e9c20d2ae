/**
 * The root of every error this package throws, so callers can tell Crun
 * failures apart from their own with one `instanceof`.
 */
export class CrunError extends Error {
  override name: string = 'CrunError';

  /** Whether trying the same request again later can succeed. */
  readonly retryable: boolean;

  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options.retryable;
  }
}
