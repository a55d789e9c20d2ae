import { randomBytes } from 'node:crypto';

import type { Redis } from 'ioredis';
import { afterEach, beforeEach } from 'vitest';

import {
  EventPublisher,
  openTrackingQueue,
  type TrackingQueue,
  TrackingTopology,
} from '../../src/index.js';
import { resolveTracking, trackedJob } from './fixtures.js';
import { type SuiteRedis, useSuiteRedis } from './suite-redis.js';

export const PARTITIONS = 4;

/** What a partitioned suite's tests share: set by the hooks `usePartitionedSuite` registers. */
export interface PartitionedSuite extends SuiteRedis {
  /** A fresh topology of `PARTITIONS` partitions for each test. */
  topology: TrackingTopology;
  /** One queue and one publisher per partition, as the workers of each would have. */
  queues: TrackingQueue[];
  publishers: EventPublisher[];
}

/** A published event: where it went and its entry ID there. */
export interface Published {
  assetId: string;
  partition: number;
  id: string;
}

/**
 * A Redis of the file's own, and for each test a new topology of
 * `PARTITIONS` partitions (untagged prefix: a single Redis needs no tags),
 * with a queue and a publisher per partition, obliterated after the test.
 */
export function usePartitionedSuite(): PartitionedSuite {
  const suite = useSuiteRedis<PartitionedSuite>();

  beforeEach(() => {
    const home = { prefix: `t-${randomBytes(4).toString('hex')}`, queueName: 'q' };
    suite.topology = new TrackingTopology(home, { partitions: PARTITIONS });
    suite.queues = suite.topology.partitions.map((location) =>
      openTrackingQueue(suite.connection, location),
    );
    suite.publishers = suite.topology.partitions.map(
      (location) => new EventPublisher(suite.connection, location, 1000),
    );
  });

  afterEach(async () => {
    for (const queue of suite.queues) {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  return suite;
}

/** Asset IDs `<name>-0`, `<name>-1`, … until each partition has `perPartition` of them. */
export function assetIdsInEveryPartition(
  topology: TrackingTopology,
  name: string,
  perPartition: number,
): string[] {
  const counts = new Array<number>(topology.partitions.length).fill(0);
  const ids: string[] = [];
  for (let index = 0; counts.some((count) => count < perPartition); index += 1) {
    const assetId = `${name}-${index}`;
    const partition = topology.partitionIndexOf(assetId);
    if ((counts[partition] as number) < perPartition) {
      counts[partition] = (counts[partition] as number) + 1;
      ids.push(assetId);
    }
  }

  return ids;
}

/** Tracks each asset in its own partition and publishes its ready event there, in order. */
export async function publishReady(
  suite: PartitionedSuite,
  assetIds: readonly string[],
): Promise<Published[]> {
  const published: Published[] = [];
  for (const assetId of assetIds) {
    const partition = suite.topology.partitionIndexOf(assetId);
    const queue = suite.queues[partition] as TrackingQueue;
    const publisher = suite.publishers[partition] as EventPublisher;
    const id = await resolveTracking(queue, publisher, await trackedJob(queue, assetId));
    published.push({ assetId, partition, id });
  }

  return published;
}

/** How many connections of `redis` are blocked in a read of a stream right now. */
export async function blockedStreamReads(redis: Redis): Promise<number> {
  const clients = (await redis.client('LIST')) as string;
  return clients.split('\n').filter((line) => / cmd=(xread|xreadgroup) /.test(line)).length;
}

/** Published entries as `partition:id` text, the form tests compare. */
export function placesOf(items: readonly { partition: number; id: string }[]): string[] {
  return items.map(({ partition, id }) => `${partition}:${id}`);
}
