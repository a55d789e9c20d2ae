import { jobKey, type TrackingLocation } from '@crun/tracking';

import type { BenchEnv } from '../bench-env.js';
import { datasetBytes, keyFootprint } from '../redis/memory-probe.js';

/** Sizes of one sample job hash, to explain a per-asset figure. */
export interface JobSample {
  bytes: number;
  encoding: string;
  /** Each field of the hash and the length of its value, in bytes. */
  fields: [string, number][];
}

/** One way of holding N assets in flight: how fast they went in, what they cost. */
export interface HeldAssets {
  enqueueMs: number;
  bytesPerAsset: number;
  sample: JobSample;
  /** MEMORY USAGE of the queue's list or sorted set, per asset. */
  setBytesPerAsset: number;
  /** MEMORY USAGE of BullMQ's own events stream (capped, shared by all assets). */
  eventsBytes: number;
}

/** Measures what `enqueue` adds to Redis, and how long it takes. */
export async function hold(
  env: BenchEnv,
  location: TrackingLocation,
  set: 'wait' | 'delayed',
  size: number,
  enqueue: () => Promise<number>,
): Promise<HeldAssets> {
  const before = await datasetBytes(env.inspector);
  const enqueueMs = await enqueue();
  return describe(env, location, set, size, before, enqueueMs);
}

/** What `location` holds in `set` now, against `before` bytes of dataset. */
export async function describe(
  env: BenchEnv,
  location: TrackingLocation,
  set: 'wait' | 'delayed',
  size: number,
  before: number,
  enqueueMs: number,
): Promise<HeldAssets> {
  const after = await datasetBytes(env.inspector);
  const queueKey = `${location.prefix}:${location.queueName}`;
  const firstId = await sampleJobId(env, queueKey, set);
  const setUsage = await keyFootprint(env.inspector, `${queueKey}:${set}`);
  const events = await keyFootprint(env.inspector, `${queueKey}:events`).catch(() => ({
    bytes: 0,
  }));

  return {
    enqueueMs,
    bytesPerAsset: (after - before) / size,
    sample: await jobSample(env, jobKey(location, firstId)),
    setBytesPerAsset: setUsage.bytes / size,
    eventsBytes: events.bytes,
  };
}

async function sampleJobId(env: BenchEnv, queueKey: string, set: 'wait' | 'delayed') {
  const id =
    set === 'wait'
      ? await env.inspector.lindex(`${queueKey}:wait`, 0)
      : (await env.inspector.zrange(`${queueKey}:delayed`, 0, 0))[0];
  if (!id) {
    throw new Error(`no job in ${queueKey}:${set}`);
  }

  return id;
}

async function jobSample(env: BenchEnv, key: string): Promise<JobSample> {
  const { bytes, encoding } = await keyFootprint(env.inspector, key);
  const hash = await env.inspector.hgetall(key);
  const fields = Object.entries(hash).map(
    ([name, value]) => [name, Buffer.byteLength(value)] as [string, number],
  );
  return { bytes, encoding, fields };
}
