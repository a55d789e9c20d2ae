import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';

import type { CrunClient } from '@crun/api';
import type { TrackingLocation } from '@crun/tracking';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';

import { AssetProducer, createIntakeServer } from '../../src/index.js';

export const TOKEN = 'intake-test-token-0f9e8d7c6b5a';

/** An intake listening on loopback, with its producer, log lines and a fetch that signs in. */
export interface RunningIntake {
  app: FastifyInstance;
  producer: AssetProducer;
  url: string;
  logLines: string[];
  location: TrackingLocation;
  call(method: string, path: string, body?: unknown, token?: string | null): Promise<Response>;
  close(): Promise<void>;
}

export function newLocation(name: string): TrackingLocation {
  return { prefix: 'test', queueName: `${name}-${randomBytes(4).toString('hex')}` };
}

export async function startIntake(
  redisUrl: string,
  options: { crunClient?: CrunClient; maxItems?: number; bodyLimitBytes?: number } = {},
): Promise<RunningIntake> {
  const location = newLocation('intake');
  const producer = new AssetProducer({ redisUrl, location });
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, lineCollector(logLines));
  const app = createIntakeServer({ token: TOKEN, producer, logger, ...options });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });

  return {
    app,
    producer,
    url,
    logLines,
    location,
    call(method, path, body, token = TOKEN) {
      const headers: Record<string, string> = {};
      if (token !== null) {
        headers.authorization = `Bearer ${token}`;
      }

      if (body !== undefined) {
        headers['content-type'] = 'application/json';
      }

      const text = typeof body === 'string' ? body : JSON.stringify(body);
      return fetch(`${url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: text }),
      });
    },
    async close() {
      await app.close();
      await producer.close();
    },
  };
}

function lineCollector(lines: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
}

/** The status and JSON error body of an answer. */
export async function errorOf(
  response: Response,
): Promise<{ status: number; error: string; message: string }> {
  const body = (await response.json()) as { error: string; message: string };
  return { status: response.status, ...body };
}
