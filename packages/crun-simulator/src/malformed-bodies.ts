import { STATUS_CODES } from 'node:http';
import { successJson } from './envelope.js';
import type { MalformedBody } from './fault-rules.js';
import { HTML_CONTENT_TYPE, JSON_CONTENT_TYPE } from './http-response.js';

export interface RawBody {
  contentType: string;
  body: string;
}

/**
 * A broken answer built around `sample`, the `data` a correct answer would
 * carry, so that the breakage is the only thing wrong with it.
 */
export function malformedBody(kind: MalformedBody, sample: Record<string, unknown>): RawBody {
  switch (kind) {
    case 'html':
      return { contentType: HTML_CONTENT_TYPE, body: htmlPage('Crun', 'Something went wrong') };
    case 'empty':
      return { contentType: JSON_CONTENT_TYPE, body: '' };
    case 'truncated-json': {
      const json = successJson(sample);
      return { contentType: JSON_CONTENT_TYPE, body: json.slice(0, Math.floor(json.length / 2)) };
    }
    case 'not-envelope':
      return {
        contentType: JSON_CONTENT_TYPE,
        body: JSON.stringify({ status: 'ok', result: sample }),
      };
    case 'unknown-status':
      return {
        contentType: JSON_CONTENT_TYPE,
        body: successJson({ ...sample, Status: 'Quarantined' }),
      };
    case 'bad-timestamp':
      return {
        contentType: JSON_CONTENT_TYPE,
        body: successJson({ ...sample, CreateTime: 'yesterday' }),
      };
    case 'missing-data':
      return {
        contentType: JSON_CONTENT_TYPE,
        body: JSON.stringify({ code: 200, message: 'success' }),
      };
  }
}

/** What a reverse proxy in front of Crun would send for 502/503/504: HTML, not the envelope. */
export function proxyErrorPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return htmlPage(title, title);
}

function htmlPage(title: string, heading: string): string {
  return [
    '<!DOCTYPE html>',
    `<html><head><title>${title}</title></head>`,
    `<body><center><h1>${heading}</h1></center><hr><center>nginx</center></body></html>`,
    '',
  ].join('\n');
}
