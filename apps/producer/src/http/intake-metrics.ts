import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

import type { EnqueueReport } from '../enqueue-assets.js';

/** The intake's Prometheus metrics, in a registry of its own. */
export class IntakeMetrics {
  readonly registry = new Registry();

  readonly #items = new Counter({
    name: 'crun_intake_items_total',
    help: 'Asset IDs handed over, by outcome: queued, already-tracked or rejected',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  readonly #requests = new Histogram({
    name: 'crun_intake_request_duration_seconds',
    help: 'Intake requests by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  recordEnqueue(report: EnqueueReport): void {
    this.#items.inc({ outcome: 'queued' }, report.queued);
    this.#items.inc({ outcome: 'already-tracked' }, report.alreadyTracked);
    this.#items.inc({ outcome: 'rejected' }, report.rejected);
  }

  /** Times every request and serves `GET /metrics` (no token: counts only). */
  install(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const labels = { method: request.method, route, status: String(reply.statusCode) };
      this.#requests.observe(labels, reply.elapsedTime / 1000);
    });

    app.get('/metrics', async (_request, reply) => {
      reply.header('content-type', this.registry.contentType);
      return this.registry.metrics();
    });
  }
}
