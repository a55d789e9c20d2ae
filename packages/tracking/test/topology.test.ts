import keySlot from 'cluster-key-slot';
import { describe, expect, it } from 'vitest';

import { explainClusterUnsafePrefix } from '../src/topology/cluster-safety.js';
import { hashTagOf } from '../src/topology/hash-tag.js';
import { partitionPrefix, slotBand } from '../src/topology/partition-prefix.js';
import { TopologyError, TrackingTopology } from '../src/topology/tracking-topology.js';

const HOME = { prefix: '{crun}', queueName: 'asset-tracking' };

describe('hashTagOf', () => {
  it('should follow Redis: the first {…} that is not empty', () => {
    expect(hashTagOf('{crun}:asset-tracking:wait')).toBe('crun');
    expect(hashTagOf('app{x}:q{y}')).toBe('x');
    expect(hashTagOf('crun:asset-tracking')).toBeUndefined();
    expect(hashTagOf('{}:crun')).toBeUndefined();
    expect(hashTagOf('{crun')).toBeUndefined();
    expect(hashTagOf('}{crun}')).toBe('crun');
  });
});

describe('explainClusterUnsafePrefix', () => {
  it('should accept a tagged prefix and name the fix for an untagged one', () => {
    expect(explainClusterUnsafePrefix('{crun}')).toBeUndefined();
    expect(explainClusterUnsafePrefix('crun')).toMatch(/CROSSSLOT.*CRUN_PREFIX to '\{crun\}'/);
    expect(explainClusterUnsafePrefix('{}crun')).toMatch(/no hash tag/);
  });
});

describe('partitionPrefix', () => {
  it('should give each partition its own tag, inside its own band of slots', () => {
    for (const count of [2, 3, 6, 16]) {
      const prefixes = Array.from({ length: count }, (_, index) =>
        partitionPrefix('{crun}', index, count),
      );

      expect(new Set(prefixes).size).toBe(count);
      prefixes.forEach((prefix, index) => {
        const slot = keySlot(`${prefix}:asset-tracking:wait`);
        const band = slotBand(index, count);
        expect(slot).toBeGreaterThanOrEqual(band.first);
        expect(slot).toBeLessThan(band.end);
        expect(prefix).toMatch(new RegExp(`^\\{crun:p${index}(\\.\\d+)?\\}$`));
      });
    }
  });

  it('should keep what surrounds the tag, and tag an untagged prefix whole', () => {
    expect(partitionPrefix('app{t}x', 0, 2)).toMatch(/^app\{t:p0(\.\d+)?\}x$/);
    expect(partitionPrefix('crun', 1, 2)).toMatch(/^\{crun:p1(\.\d+)?\}$/);
  });

  it('should not change between calls: producers and workers must agree', () => {
    expect(partitionPrefix('{crun}', 5, 12)).toBe(partitionPrefix('{crun}', 5, 12));
  });
});

describe('TrackingTopology', () => {
  it('should be the home location itself with one partition', () => {
    const topology = new TrackingTopology(HOME);

    expect(topology.partitions).toEqual([HOME]);
    expect(topology.locationOf('asset-1')).toBe(HOME);
  });

  it('should route an asset by CLUSTER KEYSLOT mod N, the same way every time', () => {
    const topology = new TrackingTopology(HOME, { partitions: 4 });
    const ids = Array.from({ length: 400 }, (_, index) => `asset-2026${index}`);
    const counts = [0, 0, 0, 0];

    for (const id of ids) {
      const index = topology.partitionIndexOf(id);
      expect(index).toBe(keySlot(id) % 4);
      expect(topology.locationOf(id)).toBe(topology.partitions[index]);
      counts[index] = (counts[index] ?? 0) + 1;
    }

    // A hash spreads them: no partition is empty or holds half.
    expect(Math.min(...counts)).toBeGreaterThan(50);
    expect(Math.max(...counts)).toBeLessThan(200);
  });

  it('should group items by partition in their order', () => {
    const topology = new TrackingTopology(HOME, { partitions: 3 });
    const ids = Array.from({ length: 30 }, (_, index) => `asset-${index}`);
    const groups = topology.groupByPartition(ids, (id) => id);

    expect([...groups.values()].flat().sort()).toEqual([...ids].sort());
    for (const [index, group] of groups) {
      expect(group.every((id) => topology.partitionIndexOf(id) === index)).toBe(true);
      expect(group).toEqual(ids.filter((id) => topology.partitionIndexOf(id) === index));
    }
  });

  it('should refuse an untagged prefix in a cluster, naming the fix', () => {
    const refuse = () => new TrackingTopology({ ...HOME, prefix: 'crun' }, { cluster: true });

    expect(refuse).toThrow(TopologyError);
    expect(refuse).toThrow(/CRUN_PREFIX to '\{crun\}'/);
    expect(() => new TrackingTopology(HOME, { cluster: true, partitions: 3 })).not.toThrow();
  });

  it('should refuse a partition count out of range', () => {
    expect(() => new TrackingTopology(HOME, { partitions: 0 })).toThrow(RangeError);
    expect(() => new TrackingTopology(HOME, { partitions: 1.5 })).toThrow(RangeError);
    expect(() => new TrackingTopology(HOME, { partitions: 257 })).toThrow(RangeError);
  });
});
