import type { CrunSimulator } from '../src/index.js';

export const KEY = 'sim-key';
export const ASSET_INFO = '/api/v1/client/job/asset-info';
export const UPLOAD = '/api/v1/client/job/asset-upload';

export interface Envelope {
  code: number;
  message: string;
  data: Record<string, unknown> | null;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A GET of asset-info with the default key unless `headers` says otherwise. */
export function getAssetInfo(
  sim: CrunSimulator,
  assetId: string,
  init: RequestInit = {},
): Promise<Response> {
  const query = new URLSearchParams({ asset_id: assetId });
  return fetch(`${sim.url}${ASSET_INFO}?${query}`, { headers: { 'x-api-key': KEY }, ...init });
}

export function postUpload(sim: CrunSimulator, body: unknown): Promise<Response> {
  return fetch(`${sim.url}${UPLOAD}`, {
    method: 'POST',
    headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function readEnvelope(response: Response): Promise<Envelope> {
  return (await response.json()) as Envelope;
}

/** Calls `control` on the simulator's `/_simulator/` routes. */
export async function control(
  sim: CrunSimulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sim.url}/_simulator/${path}`, {
    method,
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The error a rejected fetch carries underneath undici's generic "fetch failed". */
export async function fetchFailure(request: Promise<Response>): Promise<unknown> {
  const error = await request.then(
    () => undefined,
    (failure: unknown) => failure,
  );

  if (error === undefined) {
    throw new Error('expected the request to fail');
  }

  return error instanceof Error && error.cause !== undefined ? error.cause : error;
}
