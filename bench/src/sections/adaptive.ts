import { createRandom } from '@crun/simulator';
import type { TrackingPolicy } from '@crun/worker';

import type { BenchEnv } from '../bench-env.js';
import { fixed, int, ms, ratio } from '../report/format.js';
import { median, quantile, sum } from '../report/stats.js';
import type { Table } from '../report/table.js';
import { adaptiveSideBySide } from './adaptive-runs.js';
import type { Detection } from './detection-runs.js';

/**
 * The service's default backoff (5 s, ×2, capped at 300 s, 10 % jitter) on a
 * time base 20 times faster: 1 ms here stands for 20 ms in production. The
 * simulator's timestamps have whole seconds, as Crun's do, so review times
 * must last seconds here for Crun's own clock to measure them.
 */
const POLICY_1_TO_20: TrackingPolicy = {
  poll: { initialDelayMs: 250, factor: 2, maxDelayMs: 15_000, jitter: 0.1 },
  retry: { initialDelayMs: 50, factor: 2, maxDelayMs: 3_000, jitter: 0.2 },
  deadlineMs: 600_000,
};

/** Reviews that usually take minutes: 3 to 5 min, scaled to 9 to 15 s. */
function reviewTimes(count: number, seed: number): number[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => Math.round(9_000 + random() * 6_000));
}

/** Section 5b: the calls saved by scheduling early reads from observed review times. */
export async function adaptiveSection(env: BenchEnv, count: number): Promise<Table> {
  const times = reviewTimes(count, 7);
  const history = reviewTimes(100, 11);
  const { plain, adaptive } = await adaptiveSideBySide(env, times, history, POLICY_1_TO_20);
  const plainCalls = sum(plain.map((run) => run.calls));

  const row = (label: string, runs: Detection[]) => {
    const delays = runs.map((run) => run.delayMs);
    const calls = sum(runs.map((run) => run.calls));
    return [
      label,
      ms(median(delays)),
      ms(quantile(delays, 0.99)),
      fixed(calls / runs.length, 2),
      ratio(calls, plainCalls),
    ];
  };

  return {
    title: `5b. Early reads from observed review times, ${int(count)} assets in review for minutes`,
    columns: ['tracker', 'delay median', 'delay p99', 'API calls/asset', 'calls vs plain'],
    rows: [row('ours, plain doubling', plain), row('ours, from observed review times', adaptive)],
    notes: [
      'Scaled time base: 1 ms here stands for 20 ms in production. Poll waits ' +
        '250 ms ×2 up to 15 s, 10 % jitter (the defaults 5 s ×2 up to 300 s, scaled); ' +
        'reviews of 9 to 15 s (3 to 5 min), seeded uniform draws.',
      'The adaptive fleet starts with 100 reviews of the same kind already observed ' +
        '(as a fleet running for a while would have); it waits for the 10th percentile ' +
        'of observed review times, then reads on the backoff schedule from there. ' +
        "Delay: event resolvedAt minus the simulator's readyAt.",
      'Both run side by side on twin assets, one worker process each, 20 arrivals ' +
        'per second per tracker.',
    ],
  };
}
