import { describe, expect, it } from 'vitest';

import {
  EventPublisher,
  type FeedAssetEvent,
  openTrackingQueue,
  readAssetEvents,
  singleTopology,
  subscribeAssetEvents,
} from '../src/index.js';
import { resolveTracking, sleep, trackedJob } from './helpers/fixtures.js';
import {
  assetIdsInEveryPartition,
  blockedStreamReads,
  PARTITIONS,
  type Published,
  placesOf,
  publishReady,
  usePartitionedSuite,
} from './helpers/partitioned-suite.js';

const suite = usePartitionedSuite();

async function take<T>(iterator: AsyncIterator<T>, count: number): Promise<T[]> {
  const taken: T[] = [];
  while (taken.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    taken.push(next.value);
  }
  return taken;
}

/** The next item, or `undefined` if none comes within `ms`. */
async function nextWithin<T>(iterator: AsyncIterator<T>, ms: number): Promise<T | undefined> {
  const next = iterator.next().then((result) => result.value as T | undefined);
  return Promise.race([next, sleep(ms).then(() => undefined)]);
}

describe('readAssetEvents over a topology of several partitions', () => {
  describe('when reading from 0', () => {
    it('should deliver every event once, with partition and ID, in partition order', async () => {
      const published = await publishReady(
        suite,
        assetIdsInEveryPartition(suite.topology, 'asset', 5),
      );
      const stop = new AbortController();

      const feed = readAssetEvents(suite.connection, suite.topology, {
        from: '0',
        signal: stop.signal,
        batchSize: 2,
      });
      const delivered = await take(feed, published.length);
      const extra = await nextWithin(feed, 300);
      stop.abort();

      expect(placesOf(delivered).sort()).toEqual(placesOf(published).sort());
      for (const { partition, event } of delivered) {
        expect(partition).toBe(suite.topology.partitionIndexOf(event.assetId));
      }
      for (let partition = 0; partition < PARTITIONS; partition += 1) {
        const inPartition = (items: readonly { partition: number; id: string }[]) =>
          items.filter((item) => item.partition === partition).map(({ id }) => id);
        expect(inPartition(delivered)).toEqual(inPartition(published));
      }
      expect(extra).toBeUndefined();
    });
  });

  describe('when resumed from the position of an earlier reader', () => {
    it('should deliver what followed in each partition, losing and repeating nothing', async () => {
      const ids = assetIdsInEveryPartition(suite.topology, 'asset', 6);
      const before = await publishReady(suite, ids.slice(0, 12));
      const first = readAssetEvents(suite.connection, suite.topology, { from: '0' });
      const handled = await take(first, 7);
      const position = first.position();
      await first.return(undefined);

      const after = await publishReady(suite, ids.slice(12));
      const stop = new AbortController();
      const second = readAssetEvents(suite.connection, suite.topology, {
        from: position,
        signal: stop.signal,
      });
      const rest = await take(second, before.length + after.length - handled.length);
      const extra = await nextWithin(second, 300);
      stop.abort();

      expect(position.split(',')).toHaveLength(PARTITIONS);
      expect(placesOf([...handled, ...rest]).sort()).toEqual(
        placesOf([...before, ...after]).sort(),
      );
      expect(extra).toBeUndefined();
    });
  });

  describe('when started at $', () => {
    it('should deliver only later events, giving a position of resolved IDs', async () => {
      const ids = assetIdsInEveryPartition(suite.topology, 'asset', 2);
      const earlier = await publishReady(suite, ids.slice(0, 4));
      const stop = new AbortController();
      const feed = readAssetEvents(suite.connection, suite.topology, {
        signal: stop.signal,
        blockMs: 200,
      });
      const reading = take(feed, 1);
      await expect.poll(() => blockedStreamReads(suite.connection)).toBe(PARTITIONS);

      const [later] = await publishReady(suite, ids.slice(4, 5));
      const [delivered] = await reading;
      const position = feed.position().split(',');
      stop.abort();

      expect(delivered).toMatchObject({ id: later?.id, partition: later?.partition });
      // Each other partition stands where its stream ended when reading began.
      const expected = suite.topology.partitions.map((_, partition) =>
        partition === later?.partition
          ? later.id
          : (earlier.filter((item) => item.partition === partition).at(-1)?.id ?? '0-0'),
      );
      expect(position).toEqual(expected);
    });
  });

  describe('when the caller stops iterating while every partition waits', () => {
    it('should end at once and close every blocking reader', async () => {
      const feed = readAssetEvents(suite.connection, suite.topology, { blockMs: 10_000 });
      const reading = take(feed, 1);
      await expect.poll(() => blockedStreamReads(suite.connection)).toBe(PARTITIONS);
      const [published] = await publishReady(suite, ['asset-one']);
      expect(placesOf(await reading)).toEqual(placesOf([published as Published]));
      const started = Date.now();

      await feed.return(undefined);

      expect(Date.now() - started).toBeLessThan(1_000);
      await expect.poll(() => blockedStreamReads(suite.connection)).toBe(0);
    });
  });

  describe('when given a position that does not fit the partitions', () => {
    it('should throw a RangeError that says what to give', () => {
      const read = (from: string) => () =>
        readAssetEvents(suite.connection, suite.topology, { from });

      expect(read('1767225600000-0')).toThrow(/1 part\(s\), but the feed has 4 partitions/);
      expect(read('0,0,0')).toThrow(RangeError);
      expect(read('0,0,$,soon')).toThrow(/'soon' is not an entry ID/);
      expect(read('0,1767225600000-0,$,5')).not.toThrow();
    });
  });
});

describe('readAssetEvents over a topology of one partition', () => {
  it('should read its home stream with plain entry IDs as cursors, on one connection', async () => {
    const home = suite.topology.home;
    const queue = openTrackingQueue(suite.connection, home);
    const publisher = new EventPublisher(suite.connection, home, 1000);
    const ids: string[] = [];
    for (const assetId of ['asset-a', 'asset-b', 'asset-c']) {
      ids.push(await resolveTracking(queue, publisher, await trackedJob(queue, assetId)));
    }
    const stop = new AbortController();

    const feed = readAssetEvents(suite.connection, singleTopology(home), {
      from: ids[0],
      signal: stop.signal,
    });
    const delivered = await take(feed, 2);
    const waiting = nextWithin(feed, 2_000);
    await expect.poll(() => blockedStreamReads(suite.connection)).toBe(1);
    stop.abort();
    await waiting;
    await queue.obliterate({ force: true });
    await queue.close();

    expect(delivered.map(({ id, partition }) => [id, partition])).toEqual([
      [ids[1], 0],
      [ids[2], 0],
    ]);
    expect(feed.position()).toBe(ids[2]);
  });
});

describe('subscribeAssetEvents over a topology of several partitions', () => {
  it('should announce the events of every partition, each with its partition', async () => {
    const seen: FeedAssetEvent[] = [];
    const unsubscribe = await subscribeAssetEvents(suite.connection, suite.topology, (delivered) =>
      seen.push(delivered),
    );

    const published = await publishReady(
      suite,
      assetIdsInEveryPartition(suite.topology, 'asset', 2),
    );
    await expect.poll(() => seen.length).toBe(published.length);
    await unsubscribe();

    expect(placesOf(seen).sort()).toEqual(placesOf(published).sort());
    expect(new Set(seen.map(({ partition }) => partition)).size).toBe(PARTITIONS);
  });
});
