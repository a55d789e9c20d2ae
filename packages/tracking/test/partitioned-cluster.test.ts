import { startTestCluster, type TestCluster } from '@crun/test-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createRedisConnection,
  EventPublisher,
  openTrackingQueue,
  type RedisClient,
  readAssetEvents,
  startAssetEventConsumer,
  subscribeAssetEvents,
  type TrackingQueue,
  TrackingTopology,
  waitForAssets,
} from '../src/index.js';
import { resolveTracking, trackedJob } from './helpers/fixtures.js';
import { assetIdsInEveryPartition, placesOf } from './helpers/partitioned-suite.js';

const PARTITIONS = 6;

/**
 * The partitions of a cluster topology live in different slots, on
 * different shards: every helper must reach each with commands of its own,
 * where one naming two partitions' keys would fail with CROSSSLOT.
 */
describe('the event feed over the partitions of a Redis Cluster', () => {
  let cluster: TestCluster;
  let redis: RedisClient;
  const topology = new TrackingTopology(
    { prefix: '{feed}', queueName: 'q' },
    { partitions: PARTITIONS, cluster: true },
  );
  let queues: TrackingQueue[];

  beforeAll(async () => {
    cluster = await startTestCluster({ masters: 3, replicasPerMaster: 0 });
    const seeds = cluster.nodes.map((node) => `${node.host}:${node.port}`);
    redis = createRedisConnection({ clusterNodes: seeds }, 'worker');
    queues = topology.partitions.map((location) => openTrackingQueue(redis, location));
  }, 60_000);

  afterAll(async () => {
    await Promise.all((queues ?? []).map((queue) => queue.close()));
    redis?.disconnect();
    await cluster?.close();
  });

  async function publishReady(assetId: string): Promise<{ partition: number; id: string }> {
    const partition = topology.partitionIndexOf(assetId);
    const queue = queues[partition] as TrackingQueue;
    const publisher = new EventPublisher(
      redis,
      topology.partitions[partition] ?? topology.home,
      1000,
    );
    const id = await resolveTracking(queue, publisher, await trackedJob(queue, assetId));
    return { partition, id };
  }

  it('should read, subscribe, consume and wait across every partition', async () => {
    const heard: { partition: number; id: string }[] = [];
    const unsubscribe = await subscribeAssetEvents(redis, topology, (delivered) =>
      heard.push(delivered),
    );
    const handled: { partition: number; id: string }[] = [];
    const consumer = await startAssetEventConsumer(redis, topology, {
      group: 'billing',
      blockMs: 100,
      handler: (delivered) => void handled.push(delivered),
    });
    const assetIds = assetIdsInEveryPartition(topology, 'asset', 2);
    const waiting = waitForAssets(redis, topology, assetIds, { timeoutMs: 20_000, blockMs: 200 });

    const published = [];
    for (const assetId of assetIds) {
      published.push(await publishReady(assetId));
    }
    const stop = new AbortController();
    const read: { partition: number; id: string }[] = [];
    for await (const delivered of readAssetEvents(redis, topology, {
      from: '0',
      signal: stop.signal,
    })) {
      read.push(delivered);
      if (read.length === published.length) {
        break;
      }
    }
    const waited = await waiting;
    await expect.poll(() => handled.length, { timeout: 10_000 }).toBe(published.length);
    await expect.poll(() => heard.length).toBe(published.length);
    await consumer.close();
    await unsubscribe();

    const expected = placesOf(published).sort();
    expect(placesOf(read).sort()).toEqual(expected);
    expect(placesOf(handled).sort()).toEqual(expected);
    expect(placesOf(heard).sort()).toEqual(expected);
    expect(waited.pending).toEqual([]);
    expect([...waited.events.values()].map(({ id }) => id).sort()).toEqual(
      published.map(({ id }) => id).sort(),
    );
  });
});
