import type { TrackingPolicy } from '@crun/worker';

import type { BenchEnv } from '../bench-env.js';
import { fixed, int, ms, ratio } from '../report/format.js';
import { median, quantile, sum } from '../report/stats.js';
import type { Table } from '../report/table.js';
import { idealSchedule } from '../workload/ideal-schedule.js';
import {
  ARRIVALS_PER_SECOND,
  type Detection,
  detectSideBySide,
  processingTimes,
} from './detection-runs.js';

/**
 * The service's default backoff (5 s, ×2, capped at 300 s, 10 % jitter) on a
 * time base 100 times faster: 1 ms here stands for 100 ms in production.
 */
export const SCALED_POLICY: TrackingPolicy = {
  poll: { initialDelayMs: 50, factor: 2, maxDelayMs: 3_000, jitter: 0.1 },
  retry: { initialDelayMs: 10, factor: 2, maxDelayMs: 600, jitter: 0.2 },
  deadlineMs: 60_000,
};

/** Section 5: how soon an asset's readiness is told, and how many reads that took. */
export async function detectionSection(env: BenchEnv, count: number): Promise<Table> {
  const times = processingTimes(count);
  const { poll } = SCALED_POLICY;
  const ideal = times.map((processingMs) => idealSchedule(processingMs, poll));
  const jittered = times.map((processingMs) =>
    idealSchedule(processingMs, poll, 1 + poll.jitter / 2),
  );
  const idealCalls = sum(ideal.map((schedule) => schedule.reads));
  const idealDelays = ideal.map((schedule) => schedule.delayMs);

  const { ours, attempts } = await detectSideBySide(env, times, SCALED_POLICY);

  const row = (label: string, runs: Detection[]) => {
    const delays = runs.map((run) => run.delayMs);
    const late = delays.map((delay, index) => delay - (idealDelays[index] ?? 0));
    const calls = sum(runs.map((run) => run.calls));
    return [
      label,
      ms(median(delays)),
      ms(quantile(delays, 0.99)),
      ms(median(late)),
      ms(quantile(late, 0.99)),
      fixed(calls / runs.length, 2),
      ratio(calls, idealCalls),
    ];
  };

  return {
    title: `5. Detection of ${int(count)} assets turning Active at random times`,
    columns: [
      'tracker',
      'delay median',
      'delay p99',
      'late vs ideal, median',
      'late vs ideal, p99',
      'API calls/asset',
      'calls vs ideal',
    ],
    rows: [
      row('ideal: backoff formula, no jitter', asRuns(times, ideal)),
      row(
        `ideal with mean jitter (+${(poll.jitter * 50).toFixed(0)} % per wait)`,
        asRuns(times, jittered),
      ),
      row('ours', ours),
      row('(b) bare throw + attempts, exponential 50 ms', attempts),
    ],
    notes: [
      'Scaled-down time base: 1 ms here stands for 100 ms in production. Poll ' +
        'waits 50 ms ×2 up to 3 s, 10 % jitter (the defaults 5 s ×2 up to 300 s, ' +
        'scaled); processing 20 ms to 3 s (2 s to 5 min), seeded uniform draws.',
      "Delay: event resolvedAt (ours) or job finishedOn ((b)) minus the simulator's " +
        'readyAt. Ideal: the first read of the backoff schedule at or after readyAt, ' +
        'counted from the asset\'s creation; "late vs ideal" is per asset against ' +
        "the no-jitter ideal, so ours' jitter shows in it (the mean-jitter row " +
        'says how much).',
      `Ours and (b) run side by side on twin assets (same processing times), ` +
        `one worker process each, concurrency 20, so both meet the same load. Assets ` +
        `arrive one at a time, ${ARRIVALS_PER_SECOND} per second per tracker, each ` +
        `enqueued as it is created (ours through AssetProducer, (b) with queue.add). ` +
        `(b) has no cap on its waits, which only shows for processing past the ` +
        `cap.`,
    ],
  };
}

function asRuns(times: number[], schedules: { reads: number; delayMs: number }[]): Detection[] {
  return schedules.map((schedule, index) => ({
    processingMs: times[index] ?? 0,
    delayMs: schedule.delayMs,
    calls: schedule.reads,
  }));
}
