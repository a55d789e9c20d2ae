/** What a Crun error code means for the caller. */
export type CrunErrorKind =
  | 'unauthorized'
  | 'insufficient-credits'
  | 'not-found'
  | 'invalid-request'
  | 'rate-limited'
  | 'maintenance'
  | 'server-error'
  | 'generation-failed'
  | 'feature-disabled'
  | 'unknown';

interface CodeMeaning {
  readonly kind: CrunErrorKind;
  readonly retryable: boolean;
  readonly description: string;
}

/**
 * The documented `code` values of the response envelope. Retrying helps only
 * where the fault is on Crun's side and passes by itself; a rejected key, an
 * empty account or a bad request stays wrong until someone changes it.
 */
const DOCUMENTED_CODES: Readonly<Record<number, CodeMeaning>> = {
  401: { kind: 'unauthorized', retryable: false, description: 'API key missing or invalid' },
  402: { kind: 'insufficient-credits', retryable: false, description: 'insufficient credits' },
  404: { kind: 'not-found', retryable: false, description: 'resource does not exist' },
  422: { kind: 'invalid-request', retryable: false, description: 'invalid request parameters' },
  429: { kind: 'rate-limited', retryable: true, description: 'rate limited' },
  455: { kind: 'maintenance', retryable: true, description: 'service under maintenance' },
  500: { kind: 'server-error', retryable: true, description: 'unexpected server error' },
  501: { kind: 'generation-failed', retryable: false, description: 'generation failed' },
  505: { kind: 'feature-disabled', retryable: false, description: 'feature disabled' },
};

/**
 * Meaning of a code, documented or not. Undocumented codes follow the HTTP
 * classes: 5xx and 408 are passing server trouble, the rest are not.
 */
export function describeCode(code: number): CodeMeaning {
  const documented = DOCUMENTED_CODES[code];
  if (documented) {
    return documented;
  }

  if (code >= 500 || code === 408) {
    return { kind: 'server-error', retryable: true, description: `server error ${code}` };
  }

  return { kind: 'unknown', retryable: false, description: `unexpected code ${code}` };
}
