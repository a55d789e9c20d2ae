import type { CheckRuns } from '../fleet/check-runs.js';
import type { CheckWindow } from '../fleet/check-window.js';
import { fixed, int, percent, ratio, roundRatio, times } from '../report/format.js';
import type { Table } from '../report/table.js';

const PROCESS_COUNTS = [1, 2, 4];

/** Section 2: 1, 2 and 4 worker processes on one Redis, ours and the bare (a) alike. */
export async function scalingSection(runs: CheckRuns): Promise<Table> {
  const rows: string[][] = [];
  const at = async (processes: number) => {
    const windows = await runs.get(processes, ['ours', 'bare-delayed']);
    return {
      ours: windows.get('ours') as CheckWindow,
      bare: windows.get('bare-delayed') as CheckWindow,
    };
  };
  const one = (await at(1)).ours;

  for (const processes of PROCESS_COUNTS) {
    const { ours, bare } = await at(processes);
    rows.push([
      String(processes),
      int(ours.checksPerSecond),
      int(ours.perProcessPerSecond),
      ratio(ours.checksPerSecond, one.checksPerSecond * processes),
      percent(ours.redisCpuShare),
      fixed(ours.redisCpuUsPerCheck, 0),
      int(ours.workerCpuUsPerCheck),
      int(bare.checksPerSecond),
      percent(bare.redisCpuShare),
      int(bare.workerCpuUsPerCheck),
      times(roundRatio(ours.roundRates, bare.roundRates)),
    ]);
  }

  return {
    title: '2. Scaling with worker processes (one Redis)',
    columns: [
      'processes',
      'ours checks/s',
      'ours per process',
      'ours vs linear',
      'Redis CPU (ours)',
      'Redis µs/check (ours)',
      'worker µs/check (ours)',
      '(a) checks/s',
      'Redis CPU ((a))',
      'worker µs/check ((a))',
      'ours vs (a)',
    ],
    rows,
    notes: [
      'Redis CPU is used_cpu_sys + used_cpu_user over the window, as a share ' +
        'of one core; worker µs/check is process.cpuUsage of the worker processes ' +
        'per check. Each row is its own alternating comparison of the two fleets ' +
        '(median round; "ours vs (a)" is the median of per-round ratios).',
      'This machine has 2 cores shared by Redis, the simulator (in the bench ' +
        'process) and the workers: past 2 processes the figure shows contention, ' +
        "not the design's ceiling.",
    ],
  };
}
