import type { DeliveredAnyAssetEvent, WaitTarget } from '@crun/tracking';
import { Presets, SingleBar } from 'cli-progress';

import type { AssetProducer } from '../producer.js';

export interface WaitReport {
  /** Events by outcome type, e.g. `{ 'asset.ready': 3 }`. */
  byType: Map<string, number>;
  resolved: number;
  pending: string[];
  elapsedMs: number;
}

/** Where the report goes; `isTTY` decides between a progress bar and one line per asset. */
export interface ReportOutput {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
}

/**
 * Waits for every target's event, showing a progress bar when `output` is a
 * terminal, else printing one line per asset as it resolves (for logs and
 * pipes), and returns what happened.
 */
export async function waitWithReport(
  producer: AssetProducer,
  targets: readonly WaitTarget[],
  options: { timeoutMs: number; output: ReportOutput; signal?: AbortSignal | undefined },
): Promise<WaitReport> {
  const started = Date.now();
  const byType = new Map<string, number>();
  const bar = options.output.isTTY
    ? new SingleBar(
        {
          format: 'Waiting |{bar}| {value}/{total} resolved, {ready} ready | {duration_formatted}',
          stream: options.output as NodeJS.WritableStream,
          hideCursor: true,
        },
        Presets.shades_classic,
      )
    : undefined;
  bar?.start(targets.length, 0, { ready: 0 });

  const onEvent = ({ id, event }: DeliveredAnyAssetEvent) => {
    byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
    if (bar) {
      bar.increment({ ready: byType.get('asset.ready') ?? 0 });
    } else {
      const why = event.reason ? ` (${event.reason})` : '';
      options.output.write(`${event.type.padEnd(16)} ${event.assetId}  ${id}${why}\n`);
    }
  };

  try {
    const { events, pending } = await producer.waitFor(targets, {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      onEvent,
    });
    return { byType, resolved: events.size, pending, elapsedMs: Date.now() - started };
  } finally {
    bar?.stop();
  }
}

/** `Resolved 118 of 120 in 7.8 s: 108 ready, 9 failed, 1 not_found; 2 still tracking` */
export function formatWaitSummary(report: WaitReport): string {
  const total = report.resolved + report.pending.length;
  const counts = [...report.byType.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, count]) => `${count} ${type.replace('asset.', '')}`);
  const seconds = (report.elapsedMs / 1000).toFixed(1);
  const outcomes = counts.length > 0 ? `: ${counts.join(', ')}` : '';
  const left = report.pending.length > 0 ? `; ${report.pending.length} still tracking` : '';

  return `Resolved ${report.resolved} of ${total} in ${seconds} s${outcomes}${left}`;
}
