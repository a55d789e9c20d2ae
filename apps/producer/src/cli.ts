#!/usr/bin/env node
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

import { readTrackingTarget, type WaitTarget } from '@crun/tracking';

import { formatWaitSummary, waitWithReport } from './cli/wait-report.js';
import type { EnqueueResult } from './enqueue-assets.js';
import { AssetProducer } from './producer.js';

const USAGE = `Usage: crun-enqueue [--metadata JSON] [--wait [--timeout SECONDS]] [ASSET_ID ...]

Hands asset IDs to the tracker. With no IDs as arguments, reads one per line
from standard input. Prints one line per ID: queued, already tracked (in
flight: nothing changes) or rejected (with the reason).
  --metadata  a JSON object attached to every ID, returned in its event
  --wait      then waits for every ID's event (a progress bar on a terminal,
              one line per asset otherwise) and prints a summary
  --timeout   how long --wait waits, in seconds (default 3600)
Exit status: 0 all taken (with --wait: all ready), 2 some rejected,
3 with --wait: some not ready or still tracking, 1 Redis unavailable or bad usage.
Environment: REDIS_URL (default redis://127.0.0.1:6379) or REDIS_CLUSTER_NODES,
CRUN_PREFIX, CRUN_QUEUE, CRUN_PARTITIONS`;

const BATCH_SIZE = 1000;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    metadata: { type: 'string' },
    wait: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '3600' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const metadata = parseMetadata(values.metadata);
const timeoutMs = Number(values.timeout) * 1000;
if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
  console.error('crun-enqueue: --timeout must be a positive number of seconds');
  process.exit(1);
}

const producer = new AssetProducer(targetOrExit());

let rejected = 0;
const targets = new Map<string, WaitTarget>();
try {
  for await (const batch of batches(positionals.length > 0 ? positionals : readLines())) {
    const report = await producer.enqueue(batch.map((assetId) => ({ assetId, metadata })));
    report.results.forEach(print);
    rejected += report.rejected;
    for (const result of report.results) {
      if (result.outcome !== 'rejected') {
        targets.set(result.assetId, { assetId: result.assetId, trackingId: result.trackingId });
      }
    }
  }

  process.exitCode = rejected > 0 ? 2 : 0;
  if (values.wait && targets.size > 0) {
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort(new Error('interrupted')));
    const report = await waitWithReport(producer, [...targets.values()], {
      timeoutMs,
      output: process.stdout,
      signal: stop.signal,
    });
    console.log(formatWaitSummary(report));
    const allReady = report.byType.get('asset.ready') === targets.size;
    process.exitCode = rejected > 0 ? 2 : allReady ? 0 : 3;
  }
} catch (error) {
  console.error(`crun-enqueue: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await producer.close();
}

function print(result: EnqueueResult): void {
  if (result.outcome === 'rejected') {
    console.log(`rejected        ${JSON.stringify(result.input)}: ${result.reason}`);
  } else if (result.outcome === 'queued') {
    console.log(`queued          ${result.assetId}`);
  } else {
    console.log(`already tracked ${result.assetId}`);
  }
}

function parseMetadata(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) {
    return undefined;
  }

  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // Reported below, with the usage.
  }

  console.error('crun-enqueue: --metadata must be a JSON object');
  process.exit(1);
}

async function* readLines(): AsyncGenerator<string> {
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    const trimmed = line.trim();
    if (trimmed !== '') {
      yield trimmed;
    }
  }
}

async function* batches(ids: Iterable<string> | AsyncIterable<string>): AsyncGenerator<string[]> {
  let batch: string[] = [];
  for await (const id of ids) {
    batch.push(id);
    if (batch.length === BATCH_SIZE) {
      yield batch;
      batch = [];
    }
  }

  if (batch.length > 0) {
    yield batch;
  }
}

function targetOrExit(): ReturnType<typeof readTrackingTarget> {
  try {
    return readTrackingTarget();
  } catch (error) {
    console.error(`crun-enqueue: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
