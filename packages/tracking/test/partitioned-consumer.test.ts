import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  type AssetEventConsumer,
  type AssetEventConsumerOptions,
  eventStreamKey,
  formatFeedPosition,
  rewindConsumerGroup,
  startAssetEventConsumer,
} from '../src/index.js';
import {
  assetIdsInEveryPartition,
  PARTITIONS,
  placesOf,
  publishReady,
  usePartitionedSuite,
} from './helpers/partitioned-suite.js';

const suite = usePartitionedSuite();
let consumers: AssetEventConsumer[];

beforeEach(() => {
  consumers = [];
});

afterEach(async () => {
  await Promise.all(consumers.map((consumer) => consumer.close()));
});

async function start(
  options: Partial<AssetEventConsumerOptions> & Pick<AssetEventConsumerOptions, 'handler'>,
): Promise<AssetEventConsumer> {
  const consumer = await startAssetEventConsumer(suite.connection, suite.topology, {
    group: 'billing',
    blockMs: 100,
    reclaimIdleMs: 300,
    reclaimIntervalMs: 100,
    ...options,
  });
  consumers.push(consumer);
  return consumer;
}

/** Entries of the group left unacknowledged, in every partition's stream. */
async function pendingCount(): Promise<number> {
  let total = 0;
  for (const location of suite.topology.partitions) {
    const [count] = (await suite.connection.xpending(eventStreamKey(location), 'billing')) as [
      number,
    ];
    total += count;
  }

  return total;
}

describe('startAssetEventConsumer over a topology of several partitions', () => {
  describe('when events are published in every partition after the group starts', () => {
    it('should hand each to one consumer, in order per partition, and acknowledge all', async () => {
      const seen: { partition: number; id: string; consumer: string }[] = [];
      for (const name of ['a', 'b']) {
        await start({
          consumer: name,
          handler: ({ partition, id }) => void seen.push({ partition, id, consumer: name }),
        });
      }

      const published = await publishReady(
        suite,
        assetIdsInEveryPartition(suite.topology, 'asset', 3),
      );
      await expect.poll(() => seen.length).toBe(published.length);
      await expect.poll(pendingCount).toBe(0);

      expect(placesOf(seen).sort()).toEqual(placesOf(published).sort());
      for (const location of suite.topology.partitions) {
        const groups = (await suite.connection.xinfo('GROUPS', eventStreamKey(location))) as [
          string,
          string,
        ][];
        expect(groups.map((fields) => fields[1])).toEqual(['billing']);
      }
    });
  });

  describe('when a consumer died holding entries of every partition', () => {
    it('should let another take them over in each partition after the idle time', async () => {
      await start({ consumer: 'doomed', handler: () => {} });
      await consumers.pop()?.close();
      const published = await publishReady(
        suite,
        assetIdsInEveryPartition(suite.topology, 'asset', 2),
      );
      // What a crashed process leaves: entries delivered to it, never acked.
      for (const location of suite.topology.partitions) {
        const stream = eventStreamKey(location);
        await suite.connection.xreadgroup('GROUP', 'billing', 'doomed', 'STREAMS', stream, '>');
      }
      expect(await pendingCount()).toBe(published.length);
      const seen: { partition: number; id: string }[] = [];

      await start({
        consumer: 'rescuer',
        handler: ({ partition, id }) => void seen.push({ partition, id }),
      });

      await expect.poll(() => seen.length, { timeout: 3_000 }).toBe(published.length);
      await expect.poll(pendingCount).toBe(0);
      expect(placesOf(seen).sort()).toEqual(placesOf(published).sort());
    });
  });

  describe('when a new group starts at 0, then is rewound to a position per partition', () => {
    it('should deliver what the streams hold, then what follows each position again', async () => {
      const published = await publishReady(
        suite,
        assetIdsInEveryPartition(suite.topology, 'asset', 2),
      );
      const seen: { partition: number; id: string }[] = [];
      await start({
        startAt: '0',
        handler: ({ partition, id }) => void seen.push({ partition, id }),
      });
      await expect.poll(() => seen.length).toBe(published.length);

      // Each partition back to its first entry: its second is delivered again.
      const firsts = suite.topology.partitions.map(
        (_, partition) => published.find((item) => item.partition === partition)?.id ?? '0',
      );
      await rewindConsumerGroup(
        suite.connection,
        suite.topology,
        'billing',
        formatFeedPosition(firsts),
      );

      await expect.poll(() => seen.length).toBe(published.length + PARTITIONS);
      const again = seen.slice(published.length);
      // IDs repeat across partitions: an entry is known by its partition and ID.
      const seconds = published.filter(({ partition, id }) => id !== firsts[partition]);
      expect(placesOf(again).sort()).toEqual(placesOf(seconds).sort());
    });
  });

  describe('when given a start that names one entry ID', () => {
    it('should refuse it: an ID belongs to one partition', async () => {
      await expect(start({ startAt: '1767225600000-0', handler: () => {} })).rejects.toThrow(
        /4 partitions/,
      );
      await expect(
        rewindConsumerGroup(suite.connection, suite.topology, 'billing', '1767225600000-0'),
      ).rejects.toThrow(RangeError);
    });
  });
});
