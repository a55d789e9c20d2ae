/** Crun's production API. */
export const DEFAULT_BASE_URL = 'https://api.crun.ai';

/** Default time for one request, answer included: 10 seconds. */
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface CrunClientOptions {
  /** The account's API key, sent as `x-api-key`. Never logged or put in errors. */
  apiKey: string;
  /** Where the API lives. @default 'https://api.crun.ai' */
  baseUrl?: string | undefined;
  /** Time allowed for one request, in milliseconds. @default 10000 */
  timeoutMs?: number | undefined;
  /** A `fetch` to use instead of the global one (proxies, instrumentation). */
  fetch?: typeof fetch | undefined;
}

export interface RequestOptions {
  /** Cancels the request; the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's timeout for this request, in milliseconds. */
  timeoutMs?: number | undefined;
}

export interface ResolvedClientOptions {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  fetch: typeof fetch | undefined;
}

/** Applies defaults and rejects unusable options with a message naming the option. */
export function resolveClientOptions(options: CrunClientOptions): ResolvedClientOptions {
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
    throw new TypeError('CrunClient: `apiKey` must be a non-empty string');
  }

  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(baseUrl) || !URL.canParse(baseUrl)) {
    throw new TypeError(`CrunClient: \`baseUrl\` must be an http(s) URL, got "${baseUrl}"`);
  }

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  assertTimeout(timeoutMs, 'timeoutMs');

  return { apiKey: options.apiKey, baseUrl, timeoutMs, fetch: options.fetch };
}

export function assertTimeout(value: number, name: string): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new TypeError(`CrunClient: \`${name}\` must be a positive whole number of ms`);
  }
}
