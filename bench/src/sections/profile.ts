import type { BenchEnv } from '../bench-env.js';
import type { CheckRuns } from '../fleet/check-runs.js';
import type { CheckWindow } from '../fleet/check-window.js';
import { VARIANT_LABELS, type Variant } from '../fleet/variants.js';
import type { BenchOptions } from '../options.js';
import { fixed, int, percent, ratio } from '../report/format.js';
import { sum } from '../report/stats.js';
import type { Table } from '../report/table.js';
import {
  type CheckProfile,
  measureHttpClient,
  profileChecks,
  total,
  traceRoundTrips,
} from './profile-runs.js';

const VARIANTS: Variant[] = ['ours', 'bare-delayed', 'bare-attempts'];

/** Section 7: where a check of ours spends its round trips and its CPU. */
export async function profileSection(
  env: BenchEnv,
  options: BenchOptions,
  runs: CheckRuns,
  ids: readonly string[],
): Promise<Table[]> {
  return [
    await roundTripsTable(env, ids),
    await cpuTable(env, options, runs, ids),
    await httpTable(env, options, ids),
  ];
}

async function roundTripsTable(env: BenchEnv, ids: readonly string[]): Promise<Table> {
  const rows: string[][] = [];
  for (const variant of VARIANTS) {
    const { checks, tally } = await traceRoundTrips(env, variant, ids);
    const perCheck = (count: number) => fixed(count / checks, 2);
    const breakdown = [...tally.client]
      .sort((a, b) => b[1] - a[1])
      .map(([name, count]) => `${name} ${perCheck(count)}`)
      .join(', ');
    rows.push([
      VARIANT_LABELS[variant],
      int(checks),
      perCheck(total(tally.client)),
      breakdown,
      perCheck(total(tally.script)),
      perCheck(tally.script.get('xadd') ?? 0),
    ]);
  }

  return {
    title: '7a. Redis round trips per check (MONITOR trace)',
    columns: [
      'variant',
      'checks traced',
      'round trips/check',
      'commands sent per check',
      'commands inside scripts/check',
      'XADD to BullMQ events/check',
    ],
    rows,
    notes: [
      'One worker process, concurrency 20, every asset due; MONITOR for 1 s after ' +
        "1 s of warm-up. Scripts are named by matching their SHA1 with BullMQ's " +
        'script sources.',
    ],
  };
}

async function cpuTable(
  env: BenchEnv,
  options: BenchOptions,
  runs: CheckRuns,
  ids: readonly string[],
): Promise<Table> {
  const profiles = await profileChecks(env, options, ['ours', 'bare-delayed'], ids);
  const ours = profiles.get('ours') as CheckProfile;
  const bare = profiles.get('bare-delayed') as CheckProfile;
  const names = [...new Set([...ours.buckets, ...bare.buckets].map((bucket) => bucket.name))];
  // Buckets already hold µs of CPU per check.
  const usOf = (profile: CheckProfile, name: string) =>
    profile.buckets.find((bucket) => bucket.name === name)?.selfUs ?? 0;
  const oursTotal = sum(names.map((name) => usOf(ours, name)));
  const windows = await runs.get(1, ['ours', 'bare-delayed']);
  const oursWindow = windows.get('ours') as CheckWindow;
  const bareWindow = windows.get('bare-delayed') as CheckWindow;

  const rows = names
    .map((name) => ({ name, ours: usOf(ours, name), bare: usOf(bare, name) }))
    .sort((a, b) => b.ours - a.ours)
    .map(({ name, ours: oursUs, bare: bareUs }) => [
      name,
      fixed(oursUs, 1),
      fixed(bareUs, 1),
      fixed(oursUs - bareUs, 1),
      percent(oursUs / oursTotal),
    ]);
  rows.push([
    'total (process.cpuUsage)',
    fixed(oursTotal, 1),
    fixed(sum(names.map((name) => usOf(bare, name))), 1),
    '',
    '100 %',
  ]);

  return {
    title: '7b. Worker CPU per check, by library (V8 sampling profile)',
    columns: ['code', 'ours µs/check', '(a) µs/check', 'ours − (a)', 'share of ours'],
    rows,
    notes: [
      `Shares of self time from the V8 profiler inside the worker process (250 ` +
        `µs sampling, idle excluded), pooled over ${options.rounds} alternating ` +
        `windows of each fleet and scaled to the process's CPU time per check over ` +
        `the same windows (the profiler itself adds a little). Without the profiler, ` +
        `section 1 measured ours ${int(oursWindow.workerCpuUsPerCheck)} µs/check, ` +
        `(a) ${int(bareWindow.workerCpuUsPerCheck)} µs/check ` +
        `(${ratio(oursWindow.workerCpuUsPerCheck, bareWindow.workerCpuUsPerCheck)}).`,
      'Buckets follow the script URL of each sampled frame: "V8 / native" is ' +
        'time in builtins and natives (JSON, regexps, Promise machinery) not attributed ' +
        'to a library; "node core" holds streams, sockets and timers.',
    ],
  };
}

async function httpTable(
  env: BenchEnv,
  options: BenchOptions,
  ids: readonly string[],
): Promise<Table> {
  const ky = await measureHttpClient(env, options, 'http-ky', ids);
  const fetch = await measureHttpClient(env, options, 'http-fetch', ids);
  const row = (label: string, window: typeof ky) => [
    label,
    int(window.checksPerSecond),
    ratio(window.checksPerSecond, fetch.checksPerSecond),
    int(window.workerCpuUsPerCheck),
    ratio(window.workerCpuUsPerCheck, fetch.workerCpuUsPerCheck),
    fixed(window.httpRequestsPerConnection, 0),
  ];

  return {
    title: '7c. The HTTP client alone (status reads in a closed loop, no queue)',
    columns: [
      'client',
      'reads/s',
      'vs fetch',
      'CPU µs/read',
      'CPU vs fetch',
      'requests/connection',
    ],
    rows: [
      row('CrunClient (ky over fetch), as the worker uses it', ky),
      row('plain fetch + JSON.parse, same headers', fetch),
    ],
    notes: [
      'One process, 20 reads in flight, against the same simulator; connections ' +
        "and requests counted with undici's diagnostics channels.",
    ],
  };
}
