import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Registry } from 'prom-client';

/**
 * Longest wait for an answer that needs Redis; a scrape or probe during an
 * outage must answer, not hang with the connection.
 */
const REDIS_ANSWER_TIMEOUT_MS = 1_000;

/** What readiness depends on. */
export interface HealthChecks {
  redisReady(): boolean;
  workerRunning(): boolean;
  accountPaused(): Promise<boolean>;
}

export interface OpsServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `/metrics` (Prometheus), `/healthz` (liveness: the process answers)
 * and `/readyz` (readiness: Redis reachable, worker running, Crun not in an
 * account-fault pause; 503 with the failing checks otherwise).
 */
export async function startOpsServer(
  host: string,
  port: number,
  registry: Registry,
  health: HealthChecks,
): Promise<OpsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const reply = (status: number, type: string, body: string) => {
      response.writeHead(status, { 'content-type': type }).end(body);
    };

    if (path === '/metrics') {
      withTimeout(registry.metrics()).then(
        (text) => reply(200, registry.contentType, text),
        (error: unknown) => reply(503, 'text/plain', `metrics unavailable: ${String(error)}\n`),
      );
    } else if (path === '/healthz') {
      reply(200, 'application/json', '{"status":"ok"}\n');
    } else if (path === '/readyz') {
      readiness(health).then((checks) => {
        const ready = Object.values(checks).every(Boolean);
        reply(ready ? 200 : 503, 'application/json', `${JSON.stringify({ ready, checks })}\n`);
      });
    } else {
      reply(404, 'application/json', '{"error":"not found"}\n');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;

  return {
    url: `http://${address.address}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readiness(health: HealthChecks): Promise<Record<string, boolean>> {
  // Unknown while Redis is away; the redis check already says not ready.
  const accountPaused = await withTimeout(health.accountPaused()).catch(() => false);

  return {
    redis: health.redisReady(),
    worker: health.workerRunning(),
    crunAccount: !accountPaused,
  };
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Redis did not answer')), REDIS_ANSWER_TIMEOUT_MS);
  });

  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
