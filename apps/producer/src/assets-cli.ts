#!/usr/bin/env node
import { parseArgs } from 'node:util';

import { ASSET_TYPES, type AssetType, CrunClient, DEFAULT_BASE_URL } from '@crun/api';
import {
  type AssetStateStatus,
  readSettings,
  SHARED_SETTINGS,
  trackingTargetOf,
} from '@crun/tracking';
import { z } from 'zod';

import { runControlCommand } from './cli/control-commands.js';
import { formatState } from './cli/format-state.js';
import { formatWaitSummary, waitWithReport } from './cli/wait-report.js';
import { ASSET_LIST_STATUSES } from './http/schemas.js';
import { AssetProducer } from './producer.js';
import { uploadAndTrack } from './upload/upload-and-track.js';

const USAGE = `Usage:
  crun-assets status ASSET_ID [--json]
  crun-assets timeline ASSET_ID [--json]
  crun-assets list [--status STATUS] [--limit N] [--offset N] [--json]
  crun-assets cancel ASSET_ID [--reason TEXT] [--json]
  crun-assets check-now ASSET_ID [--json]
  crun-assets upload --name NAME --type Image|Video|Audio --url URL
                     [--metadata JSON] [--wait [--timeout SECONDS]]

status     what the tracker knows of one asset (exit 4 when nothing)
timeline   its last reads and why each wait was chosen (exit 4 when unknown)
list       assets by status: ${ASSET_LIST_STATUSES.join(', ')} (default ready)
cancel     ends its tracking wherever it runs, with an asset.cancelled event
           (exit 3 when its event was out first, 4 when not in flight)
check-now  reads it as soon as the fleet's budget allows (exit 4 when not in flight)
upload     uploads to Crun from a public URL and tracks the new asset; never
           retried, as a repeat could create a second asset
Environment: REDIS_URL or REDIS_CLUSTER_NODES, CRUN_PREFIX, CRUN_QUEUE,
CRUN_PARTITIONS; for cancel
EVENT_STREAM_MAX_LENGTH and REGISTRY_RETENTION_MS as the workers have them;
for upload CRUN_API_KEY, CRUN_BASE_URL (default ${DEFAULT_BASE_URL})`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    status: { type: 'string', default: 'ready' },
    limit: { type: 'string', default: '50' },
    offset: { type: 'string', default: '0' },
    name: { type: 'string' },
    type: { type: 'string' },
    url: { type: 'string' },
    metadata: { type: 'string' },
    reason: { type: 'string' },
    wait: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '3600' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const CONTROL_COMMANDS = ['cancel', 'check-now', 'timeline'];
const [command, ...rest] = positionals;
if (values.help || !command) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 1);
}

const settings = settingsOrExit();
const producer = new AssetProducer({
  ...settings.target,
  eventStreamMaxLength: settings.EVENT_STREAM_MAX_LENGTH,
  registryRetentionMs: settings.REGISTRY_RETENTION_MS,
});
const print = (value: unknown, line: () => string) =>
  console.log(values.json ? JSON.stringify(value) : line());

try {
  if (command === 'status' && rest.length === 1) {
    const state = await producer.state(rest[0] as string);
    print(state, () => (state ? formatState(state) : `unknown    ${rest[0]}`));
    process.exitCode = state ? 0 : 4;
  } else if (command === 'list' && rest.length === 0) {
    if (!ASSET_LIST_STATUSES.includes(values.status as AssetStateStatus)) {
      throw new Error(`--status must be one of ${ASSET_LIST_STATUSES.join(', ')}`);
    }

    const page = await producer.list({
      status: values.status as AssetStateStatus,
      limit: Number(values.limit),
      offset: Number(values.offset),
    });
    print(page, () => [...page.items.map(formatState), footer(page)].join('\n'));
  } else if (CONTROL_COMMANDS.includes(command) && rest.length === 1) {
    const control = command as 'cancel' | 'check-now' | 'timeline';
    process.exitCode = await runControlCommand(
      producer,
      control,
      rest[0] as string,
      print,
      values.reason,
    );
  } else if (command === 'upload' && rest.length === 0) {
    process.exitCode = await upload();
  } else {
    console.error(USAGE);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`crun-assets: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await producer.close();
}

/** The settings shared with the worker, checked; a bad one ends the command. */
function settingsOrExit() {
  try {
    const settings = readSettings(z.object(SHARED_SETTINGS), process.env);
    return { ...settings, target: trackingTargetOf(settings) };
  } catch (error) {
    console.error(`crun-assets: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

function footer(page: { items: unknown[]; total: number; nextOffset: number | null }): string {
  const more = page.nextOffset === null ? '' : `; next page: --offset ${page.nextOffset}`;
  return `${page.items.length} shown of ${page.total}${more}`;
}

async function upload(): Promise<number> {
  const apiKey = settings.CRUN_API_KEY;
  if (!apiKey || !values.name || !values.type || !values.url) {
    throw new Error('upload needs --name, --type and --url, and CRUN_API_KEY set');
  }

  if (!ASSET_TYPES.includes(values.type as AssetType)) {
    throw new Error(`--type must be one of ${ASSET_TYPES.join(', ')}`);
  }

  const client = new CrunClient({
    apiKey,
    baseUrl: settings.CRUN_BASE_URL,
    timeoutMs: settings.CRUN_REQUEST_TIMEOUT_MS,
  });
  const tracked = await uploadAndTrack(client, producer, {
    name: values.name,
    assetType: values.type as AssetType,
    assetUrl: values.url,
    metadata: values.metadata === undefined ? undefined : JSON.parse(values.metadata),
  });
  print(tracked, () => `${tracked.outcome.padEnd(15)} ${tracked.assetId}`);
  if (!values.wait) {
    return 0;
  }

  const report = await waitWithReport(producer, [tracked], {
    timeoutMs: Number(values.timeout) * 1000,
    output: process.stdout,
  });
  console.log(formatWaitSummary(report));
  return report.byType.get('asset.ready') === 1 ? 0 : 3;
}
