import { describeCode } from './error-codes.js';
import { CrunApiError } from './errors/crun-api-error.js';
import { CrunResponseError } from './errors/crun-response-error.js';
import { parseRetryAfter } from './retry-after.js';

const SUCCESS_CODE = 200;

interface Envelope {
  code: number;
  message: string | undefined;
  data: unknown;
}

/**
 * Turns a raw answer into the envelope's `data`, or throws the error it
 * stands for. Crun does not document whether failures also carry a non-2xx
 * HTTP status, so both signals count: a non-200 `code` inside an HTTP 200 is
 * an error, and so is a non-2xx status whatever the body says.
 */
export function readResponse(
  response: { status: number; headers: Headers },
  body: string,
  request: { method: string; endpoint: string },
): unknown {
  const envelope = parseEnvelope(body);
  const httpFailed = response.status < 200 || response.status > 299;

  if (!httpFailed && envelope?.code === SUCCESS_CODE) {
    return envelope.data;
  }

  if (!httpFailed && !envelope) {
    const problem = body.trim() === '' ? 'empty body' : 'body is not a Crun JSON envelope';
    throw new CrunResponseError(problem, {
      status: response.status,
      endpoint: request.endpoint,
      body,
    });
  }

  const fromEnvelope = envelope !== undefined && envelope.code !== SUCCESS_CODE;
  const code = fromEnvelope ? envelope.code : response.status;
  const meaning = describeCode(code);

  throw new CrunApiError({
    code,
    status: response.status,
    kind: meaning.kind,
    retryable: meaning.retryable,
    serverMessage: envelope?.message,
    fromEnvelope,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    method: request.method,
    endpoint: request.endpoint,
  });
}

function parseEnvelope(body: string): Envelope | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }

  if (typeof parsed !== 'object' || parsed === null || !('code' in parsed)) {
    return undefined;
  }

  const { code, message, data } = parsed as Record<string, unknown>;
  if (typeof code !== 'number' || !Number.isInteger(code)) {
    return undefined;
  }

  return { code, message: typeof message === 'string' ? message : undefined, data };
}
