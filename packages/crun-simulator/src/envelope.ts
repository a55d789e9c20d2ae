/**
 * Where an error code travels. `'http'`: also as the HTTP status (455 included).
 * `'body'`: HTTP 200, the code only in the envelope. Crun does not document which.
 */
export type ResponseStyle = 'http' | 'body';

/** The documented error codes. */
export type ErrorCode = 401 | 402 | 404 | 422 | 429 | 455 | 500 | 501 | 505;

export const ERROR_MESSAGES: Readonly<Record<ErrorCode, string>> = {
  401: 'invalid or missing api key',
  402: 'insufficient credits',
  404: 'resource not found',
  422: 'parameter validation failed',
  429: 'too many requests',
  455: 'service under maintenance',
  500: 'internal server error',
  501: 'generation failed',
  505: 'feature disabled',
};

/** `{"code":…,"message":…,"data":…}`, keys in the documented order. */
export function envelopeJson(code: number, message: string, data: unknown): string {
  return JSON.stringify({ code, message, data });
}

export function successJson(data: unknown): string {
  return envelopeJson(200, 'success', data);
}

export function httpStatusFor(code: number, style: ResponseStyle): number {
  return style === 'http' ? code : 200;
}
