#!/usr/bin/env node
/**
 * `pnpm bench`: measures the tracker against the plain BullMQ ways of doing
 * the same work, on a Redis and a Crun simulator it starts on 127.0.0.1.
 */
import { freemem } from 'node:os';
import { fileURLToPath } from 'node:url';

import { startBenchEnv } from './bench-env.js';
import { CheckRuns } from './fleet/check-runs.js';
import { type BenchOptions, readBenchOptions, wants } from './options.js';
import { describeMachine } from './report/machine.js';
import { renderTable, type Table } from './report/table.js';
import { writeReport } from './report/write-report.js';
import { adaptiveSection } from './sections/adaptive.js';
import { checksSection } from './sections/checks.js';
import { clusterSection } from './sections/cluster.js';
import { detectionSection } from './sections/detection.js';
import { enqueueSection } from './sections/enqueue.js';
import { growthSection } from './sections/growth.js';
import { memorySection } from './sections/memory.js';
import { profileSection } from './sections/profile.js';
import { scalingSection } from './sections/scaling.js';
import { SizeRounds } from './sections/size-rounds.js';
import { addProcessingAssets, assetIds } from './workload/asset-ids.js';

const RESULTS_FILE = fileURLToPath(new URL('../results/latest.md', import.meta.url));

/** Assets cycling in the checks, scaling and profile runs: plenty for 4 × 20 in flight. */
const CHECK_POOL = 2_000;
const CHECK_SERIES = 9;

/** Room a size needs: Redis, the simulator's records and an AOF rewrite, generously. */
const BYTES_NEEDED_PER_ASSET = 8 * 1024;

const options = readBenchOptions(process.argv.slice(2), RESULTS_FILE);
const started = performance.now();
const env = await startBenchEnv();
process.once('SIGINT', () => void env.close().finally(() => process.exit(130)));

try {
  const machine = await describeMachine(env.inspector, env.redis.kind);
  console.log(machine.join('\n'));

  const tables = await runSections(options);
  if (options.outFile) {
    const command = `pnpm bench${process.argv
      .slice(2)
      .map((arg) => ` ${arg}`)
      .join('')}`;
    await writeReport(options.outFile, machine, tables, command, performance.now() - started);
    console.log(`\nwritten to ${options.outFile}`);
  }
} finally {
  await env.close();
}

async function runSections(options: BenchOptions): Promise<Table[]> {
  const checkIds = assetIds(CHECK_POOL, CHECK_SERIES);
  addProcessingAssets(env.sim, checkIds);
  const runs = new CheckRuns(env, options, checkIds);
  const rounds = new SizeRounds(env, options);

  const skipped: string[] = [];
  const growthSizes = options.growthSizes.filter((size) => {
    const fits = freemem() > size * BYTES_NEEDED_PER_ASSET;
    if (!fits) {
      skipped.push(`${size.toLocaleString('en-US')} skipped: not enough free memory.`);
    }
    return fits;
  });

  if (wants(options, 'memory')) {
    rounds.plan(options.memorySize, { parked: true });
  }

  if (wants(options, 'enqueue')) {
    rounds.plan(options.memorySize, {});
  }

  if (wants(options, 'growth')) {
    for (const size of growthSizes) {
      rounds.plan(size, { checks: true });
    }
  }

  const listpackMax = Number(
    ((await env.inspector.config('GET', 'hash-max-listpack-value')) as string[])[1],
  );
  const steps: [Parameters<typeof wants>[1], () => Promise<Table | Table[]>][] = [
    ['checks', () => checksSection(runs, options, CHECK_POOL)],
    ['scaling', () => scalingSection(runs)],
    ['memory', () => memorySection(rounds, options.memorySize, listpackMax)],
    ['enqueue', () => enqueueSection(rounds, options.memorySize)],
    ['detection', () => detectionSection(env, options.detectionAssets)],
    ['adaptive', () => adaptiveSection(env, 150)],
    ['growth', () => growthSection(rounds, growthSizes, skipped)],
    ['profile', () => profileSection(env, options, runs, checkIds)],
    ['cluster', () => clusterSection(env, options)],
  ];

  const tables: Table[] = [];
  for (const [name, run] of steps) {
    if (!wants(options, name)) {
      continue;
    }

    console.error(`\n[bench] ${name}… (${Math.round((performance.now() - started) / 1000)} s)`);
    for (const table of [await run()].flat()) {
      console.log(`\n${renderTable(table)}`);
      tables.push(table);
    }
  }

  return tables;
}
