import type { CheckRuns } from '../fleet/check-runs.js';
import type { CheckWindow } from '../fleet/check-window.js';
import { CONCURRENCY, VARIANT_LABELS, type Variant } from '../fleet/variants.js';
import type { BenchOptions } from '../options.js';
import { fixed, int, roundRatio, times } from '../report/format.js';
import type { Table } from '../report/table.js';

const VARIANTS: Variant[] = ['ours', 'bare-delayed', 'bare-attempts'];

/** Section 1: checks per second of one worker process, ours against the two plain ways. */
export async function checksSection(
  runs: CheckRuns,
  options: BenchOptions,
  inFlight: number,
): Promise<Table> {
  const windows = await runs.get(1, VARIANTS);
  const results = VARIANTS.map((variant) => ({
    variant,
    window: windows.get(variant) as CheckWindow,
  }));

  const rounds = (variant: Variant) => windows.get(variant)?.roundRates ?? [];
  const versus = (variant: Variant, baseline: Variant) =>
    roundRatio(rounds(variant), rounds(baseline));
  const versusA = versus('ours', 'bare-delayed');
  const versusB = versus('ours', 'bare-attempts');

  return {
    title: '1. Checks per second per worker process',
    columns: [
      'variant',
      'checks/s',
      'rounds (checks/s)',
      'vs (a)',
      'vs (b)',
      'worker CPU µs/check',
      'Redis CPU µs/check',
      'Redis bytes in/out per check',
      'HTTP requests/connection',
    ],
    rows: results.map(({ variant, window }) => [
      VARIANT_LABELS[variant],
      int(window.perProcessPerSecond),
      window.roundRates.map(int).join(' '),
      times(versus(variant, 'bare-delayed')),
      times(versus(variant, 'bare-attempts')),
      int(window.workerCpuUsPerCheck),
      int(window.redisCpuUsPerCheck),
      `${int(window.redisBytesInPerCheck)} / ${int(window.redisBytesOutPerCheck)}`,
      fixed(window.httpRequestsPerConnection, 0),
    ]),
    notes: [
      `One forked worker process per variant, concurrency ${CONCURRENCY}, ${int(inFlight)} ` +
        `assets that stay Processing, every wait 1 ms. The fleets take turns: ${options.rounds} ` +
        `rounds of ${options.windowMs} ms windows each, in rotating order; checks ` +
        `counted by the simulator; checks/s is the median round, and "vs" the median ` +
        `of the per-round ratios.`,
      "All three read through the project's ky-based `CrunClient` (Node fetch, " +
        'keep-alive), so the HTTP side is the same and the differences are the ' +
        'queue side.',
      `Target ours ≥ 0.90 of (a): ${verdict(versusA >= 0.9)} (${fixed(versusA, 2)}); ` +
        `ahead of (b): ${verdict(versusB > 1)} (${fixed(versusB, 2)}).`,
    ],
  };
}

function verdict(met: boolean): string {
  return met ? 'met' : 'MISSED';
}
