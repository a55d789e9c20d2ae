import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';

import { renderTable, type Table } from './table.js';

/** Writes the run's tables, with the machine they ran on, as one Markdown file. */
export async function writeReport(
  file: string,
  machine: string[],
  tables: Table[],
  command: string,
  elapsedMs: number,
): Promise<void> {
  const text = [
    '# Benchmark results',
    '',
    `\`${command}\`, ${Math.round(elapsedMs / 1000)} s. Every figure is compared ` +
      `with a baseline run in the same process tree during the same run. This ` +
      `machine has 2 cores shared with other work: throughput of one fleet varied ` +
      `by up to 2× between rounds (the rounds column of table 1 shows this run's ` +
      `spread), so read the ratios, which compare fleets measured in turns, rather ` +
      `than absolute rates; counts (round trips, bytes, API calls) do not depend ` +
      `on load.`,
    '',
    '## Machine',
    '',
    ...machine.map((line) => `- ${line}`),
    `- Load average at end: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
    '',
    '## Results',
    '',
    ...tables.flatMap((table) => [renderTable(table), '']),
  ].join('\n');

  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}
