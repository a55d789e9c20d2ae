import { CrunApiError, CrunNetworkError, CrunResponseError, CrunTimeoutError } from '@crun/api';
import type { Queue } from 'bullmq';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

import type { FleetControl } from '../fleet/fleet-control.js';
import type { NextStep, ReadResult } from '../next-step.js';

const QUEUE_STATES = ['waiting', 'delayed', 'active', 'failed', 'prioritized'] as const;

/**
 * The worker's Prometheus metrics, in a registry of its own so several
 * workers in one process (tests, the demo) do not collide.
 */
export class WorkerMetrics {
  readonly registry = new Registry();

  readonly #reads = new Counter({
    name: 'crun_reads_total',
    help: 'Status reads by outcome: the status, or the kind of failure',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  readonly #latency = new Histogram({
    name: 'crun_api_request_duration_seconds',
    help: 'Time of one asset-info request, answer included',
    labelNames: ['result'],
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly #errors = new Counter({
    name: 'crun_api_errors_total',
    help: 'Failed asset-info requests by Crun code (or network, timeout, malformed)',
    labelNames: ['code'],
    registers: [this.registry],
  });

  readonly #started = new Counter({
    name: 'crun_assets_tracked_total',
    help: 'Trackings whose first read this worker made',
    registers: [this.registry],
  });

  readonly #resolved = new Counter({
    name: 'crun_assets_resolved_total',
    help: 'Trackings ended, by event type',
    labelNames: ['type'],
    registers: [this.registry],
  });

  readonly #timeToReady = new Histogram({
    name: 'crun_time_to_ready_seconds',
    help: 'From first seen to the ready event',
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 14_400, 86_400],
    registers: [this.registry],
  });

  /** `queues`: the partitions this process serves, labelled by their index in `partitions`. */
  constructor(queues: readonly { partition: number; queue: Queue }[], fleet: FleetControl) {
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];

    new Gauge({
      name: 'crun_queue_jobs',
      help: 'Tracking jobs by partition and BullMQ state, read at scrape time',
      labelNames: ['partition', 'state'],
      registers,
      async collect() {
        await Promise.all(
          queues.map(async ({ partition, queue }) => {
            const counts = await queue.getJobCounts(...QUEUE_STATES);
            for (const state of QUEUE_STATES) {
              this.set({ partition: String(partition), state }, counts[state] ?? 0);
            }
          }),
        );
      },
    });

    new Gauge({
      name: 'crun_fleet_state',
      help: 'Fleet reactions in force: budget (reads/s), account_paused and breaker_open (0 or 1)',
      labelNames: ['field'],
      registers,
      async collect() {
        const state = await fleet.snapshot();
        this.set({ field: 'budget' }, state.ratePerSecond);
        this.set({ field: 'account_paused' }, state.accountPaused ? 1 : 0);
        this.set({ field: 'breaker_open' }, state.breakerOpen ? 1 : 0);
      },
    });
  }

  /** Records one status read and what followed it. */
  recordCheck(result: ReadResult, step: NextStep, durationMs: number, firstRead: boolean): void {
    if (firstRead) {
      this.#started.inc();
    }

    if ('asset' in result) {
      this.#latency.observe({ result: 'ok' }, durationMs / 1000);
      this.#reads.inc({ outcome: result.asset.status.toLowerCase() });
    } else {
      this.#latency.observe({ result: 'error' }, durationMs / 1000);
      this.#errors.inc({ code: errorCode(result.error) });
      this.#reads.inc({ outcome: step.action === 'resolve' ? step.type.slice(6) : 'fault' });
    }

    if (step.action === 'resolve') {
      this.#resolved.inc({ type: step.type });
    }
  }

  /** Records the time from first seen to ready. */
  recordReady(firstSeenAt: number, resolvedAt: number): void {
    this.#timeToReady.observe((resolvedAt - firstSeenAt) / 1000);
  }
}

function errorCode(error: unknown): string {
  if (error instanceof CrunApiError) {
    return String(error.code);
  }

  if (error instanceof CrunTimeoutError) {
    return 'timeout';
  }

  if (error instanceof CrunNetworkError) {
    return 'network';
  }

  return error instanceof CrunResponseError ? 'malformed' : 'other';
}
