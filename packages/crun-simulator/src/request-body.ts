import type { IncomingMessage } from 'node:http';
import { ValidationError } from './validation.js';

/** Upload and control bodies are a few hundred bytes; anything far larger is a mistake. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Reads and parses a JSON body; throws `ValidationError` if it is too large, empty or not JSON. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;

  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;

    // Keep draining rather than destroying the request, so the connection stays reusable.
    if (size <= MAX_BODY_BYTES) {
      chunks.push(chunk);
    }
  }

  if (size > MAX_BODY_BYTES) {
    throw new ValidationError(`body is larger than ${MAX_BODY_BYTES} bytes`);
  }

  if (size === 0) {
    throw new ValidationError('body is empty');
  }

  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ValidationError('body is not valid JSON');
  }
}
