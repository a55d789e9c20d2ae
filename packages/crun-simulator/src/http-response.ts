import { type ServerResponse, STATUS_CODES } from 'node:http';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

// Node has no reason phrase for Crun's own 455, nor for made-up malformed statuses.
const EXTRA_REASONS: Readonly<Record<number, string>> = { 455: 'Maintenance' };

/** Writes a whole answer at once; with a content-length the connection stays reusable. */
export function sendBody(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
): void {
  const reason = STATUS_CODES[status] ?? EXTRA_REASONS[status] ?? 'Unknown';

  res.writeHead(status, reason, {
    'content-type': contentType,
    'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.length,
  });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendBody(res, status, JSON_CONTENT_TYPE, JSON.stringify(value));
}
