import { Session } from 'node:inspector/promises';

import type { ProfileBucket } from './protocol.js';

/** Sampling period: fine enough to see a check's parts, coarse enough to cost little. */
const SAMPLING_INTERVAL_US = 250;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/** The V8 sampling profiler of this very process, summed up by library. */
export class CpuProfiler {
  readonly #session = new Session();

  async start(): Promise<void> {
    this.#session.connect();
    await this.#session.post('Profiler.enable');
    await this.#session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    await this.#session.post('Profiler.start');
  }

  async stop(): Promise<{ buckets: ProfileBucket[]; sampledUs: number }> {
    const { profile } = (await this.#session.post('Profiler.stop')) as { profile: Profile };
    this.#session.disconnect();
    return summarise(profile);
  }
}

function summarise(profile: Profile): { buckets: ProfileBucket[]; sampledUs: number } {
  const bucketOfNode = new Map(profile.nodes.map((node) => [node.id, bucketOf(node.callFrame)]));
  const selfUs = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let sampledUs = 0;

  // A sample's time is the gap to the next sample.
  samples.forEach((nodeId, index) => {
    const us = deltas[index + 1] ?? 0;
    const bucket = bucketOfNode.get(nodeId) ?? 'other';
    selfUs.set(bucket, (selfUs.get(bucket) ?? 0) + us);
    sampledUs += us;
  });

  const buckets = [...selfUs].map(([name, us]) => ({ name, selfUs: us }));
  return { buckets: buckets.sort((a, b) => b.selfUs - a.selfUs), sampledUs };
}

/** Which library a frame belongs to, from its script URL. */
function bucketOf(frame: { functionName: string; url: string }): string {
  const { url, functionName } = frame;
  const rules: [RegExp, string][] = [
    [/\/bullmq\//, 'bullmq'],
    [/\/(ioredis|@ioredis|redis-parser|denque|cluster-key-slot|standard-as-callback)\//, 'ioredis'],
    [/\/msgpackr/, 'msgpackr (bullmq)'],
    [/\/ky\//, 'ky'],
    [/node:internal\/deps\/undici/, 'undici (fetch)'],
    [/\/(pino|sonic-boom|thread-stream|@pinojs)/, 'pino'],
    [/\/zod\//, 'zod'],
    [/\/bench\/dist\//, 'bench harness'],
    [/\/(apps|packages)\/[^/]+\/dist\//, '@crun code'],
    [/^node:/, 'node core'],
  ];

  for (const [pattern, name] of rules) {
    if (pattern.test(url)) {
      return name;
    }
  }

  if (functionName === '(garbage collector)') {
    return 'GC';
  }

  if (functionName === '(idle)') {
    return 'idle';
  }

  return url === '' ? 'V8 / native' : 'other';
}
