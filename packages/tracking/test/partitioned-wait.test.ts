import { describe, expect, it } from 'vitest';

import { waitForAsset, waitForAssets } from '../src/index.js';
import { resolveTracking, sleep, trackedJob } from './helpers/fixtures.js';
import {
  assetIdsInEveryPartition,
  blockedStreamReads,
  publishReady,
  usePartitionedSuite,
} from './helpers/partitioned-suite.js';

const suite = usePartitionedSuite();

/** Tracks `assetId` in its partition without resolving it yet. */
async function track(assetId: string) {
  const partition = suite.topology.partitionIndexOf(assetId);
  const queue = suite.queues[partition];
  const publisher = suite.publishers[partition];
  if (!queue || !publisher) {
    throw new Error(`no partition ${partition}`);
  }

  const data = await trackedJob(queue, assetId);
  return { partition, resolve: () => resolveTracking(queue, publisher, data) };
}

describe('waitForAssets over a topology of several partitions', () => {
  describe('when assets of different partitions resolve before, during and never', () => {
    it('should find each in its own partition and report the rest as pending', async () => {
      const [before, during, never] = assetIdsInEveryPartition(suite.topology, 'asset', 1) as [
        string,
        string,
        string,
      ];
      const [early] = await publishReady(suite, [before]);
      const late = await track(during);
      await track(never);
      const seen: string[] = [];

      const waiting = waitForAssets(suite.connection, suite.topology, [before, during, never], {
        timeoutMs: 1_000,
        blockMs: 100,
        onEvent: ({ event }) => seen.push(event.assetId),
      });
      await sleep(150);
      const lateId = await late.resolve();
      const result = await waiting;

      expect(seen).toEqual([before, during]);
      expect(result.events.get(before)?.id).toBe(early?.id);
      expect(result.events.get(during)?.id).toBe(lateId);
      expect(result.pending).toEqual([never]);
    });
  });

  describe('when every asset lives in two of the partitions', () => {
    it('should read those two partitions only', async () => {
      const ids = assetIdsInEveryPartition(suite.topology, 'asset', 2);
      const wanted = ids.filter((assetId) => suite.topology.partitionIndexOf(assetId) % 2 === 1);
      const tracked = await Promise.all(wanted.map(track));

      const waiting = waitForAssets(suite.connection, suite.topology, wanted, { timeoutMs: 5_000 });
      await expect.poll(() => blockedStreamReads(suite.connection)).toBe(2);
      for (const { resolve } of tracked) {
        await resolve();
      }
      const result = await waiting;

      expect([...result.events.keys()].sort()).toEqual([...wanted].sort());
      expect(result.pending).toEqual([]);
    });
  });
});

describe('waitForAsset over a topology of several partitions', () => {
  it('should resolve with the event published in the asset partition', async () => {
    const assetId = 'asset-routed';
    const tracked = await track(assetId);
    const waiting = waitForAsset(suite.connection, suite.topology, assetId, { timeoutMs: 5_000 });

    await sleep(100);
    const id = await tracked.resolve();

    expect(await waiting).toMatchObject({ id, event: { assetId } });
  });
});
