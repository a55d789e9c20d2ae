import { CrunClient } from '@crun/api';
import { AssetProducer } from '@crun/producer';
import { type CrunSimulator, startSimulator } from '@crun/simulator';
import { startTestCluster, type TestCluster } from '@crun/test-redis';
import {
  ConfigError,
  createRedisConnection,
  eventStreamKey,
  parseAnyAssetEvent,
  type RedisClient,
  TopologyError,
  type TrackingLocation,
  TrackingTopology,
} from '@crun/tracking';
import keySlot from 'cluster-key-slot';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { readWorkerConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startTrackingWorker, type TrackingWorker } from '../src/tracking-worker.js';
import { API_KEY, FAST_FLEET, FAST_POLICY, lineCollector, sleep } from './helpers/harness.js';
import { spawnWorker } from './helpers/worker-process.js';

const PARTITIONS = 6;

describe('tracking on a Redis Cluster of 3 shards', () => {
  let cluster: TestCluster;
  let simulator: CrunSimulator;
  let seeds: string[];
  let inspector: RedisClient;
  const workers: TrackingWorker[] = [];
  const logLines: string[] = [];
  const producers: AssetProducer[] = [];

  beforeAll(async () => {
    cluster = await startTestCluster({ masters: 3, replicasPerMaster: 1 });
    simulator = await startSimulator({ apiKeys: [API_KEY], seed: 7 });
    seeds = cluster.nodes.map((node) => `${node.host}:${node.port}`);
    inspector = createRedisConnection({ clusterNodes: seeds }, 'worker');
  }, 60_000);

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.close(2_000)));
    await Promise.all(producers.splice(0).map((producer) => producer.close()));
  });

  afterAll(async () => {
    inspector?.disconnect();
    await simulator?.close();
    await cluster?.close();
  });

  function newLocation(): TrackingLocation {
    return { prefix: `{t-${Math.random().toString(36).slice(2, 8)}}`, queueName: 'tracking' };
  }

  async function startWorker(location: TrackingLocation): Promise<TrackingWorker> {
    const worker = await startTrackingWorker({
      redisUrl: 'redis://127.0.0.1:1',
      redisClusterNodes: seeds,
      client: new CrunClient({ apiKey: API_KEY, baseUrl: simulator.url, timeoutMs: 2_000 }),
      location,
      partitions: PARTITIONS,
      policy: FAST_POLICY,
      logger: createLogger('cluster-worker', 'debug', lineCollector(logLines)),
      sweep: { everyMs: 300, batch: 20 },
      concurrency: 60,
      ratePerSecond: 0,
      eventStreamMaxLength: 100_000,
      fleet: FAST_FLEET,
      lockDurationMs: 2_000,
      stalledIntervalMs: 1_000,
    });
    workers.push(worker);
    return worker;
  }

  function producer(location: TrackingLocation): AssetProducer {
    const made = new AssetProducer({ redisClusterNodes: seeds, location, partitions: PARTITIONS });
    producers.push(made);
    return made;
  }

  /** Asset ID → events published for it, over every partition's stream. */
  async function eventCounts(topology: TrackingTopology): Promise<Map<string, string[]>> {
    const counts = new Map<string, string[]>();
    for (const location of topology.partitions) {
      for (const [, fields] of await inspector.xrange(eventStreamKey(location), '-', '+')) {
        const event = parseAnyAssetEvent(fields[fields.indexOf('event') + 1] ?? '');
        counts.set(event.assetId, [...(counts.get(event.assetId) ?? []), event.type]);
      }
    }

    return counts;
  }

  async function waitForEvents(topology: TrackingTopology, count: number, timeoutMs = 40_000) {
    const deadline = Date.now() + timeoutMs;
    while ((await eventCounts(topology)).size < count && Date.now() < deadline) {
      await sleep(100);
    }

    await sleep(500);
    return eventCounts(topology);
  }

  async function jobsLeft(topology: TrackingTopology): Promise<number> {
    let left = 0;
    for (const location of topology.partitions) {
      for (const set of ['wait', 'active', 'delayed', 'prioritized']) {
        const key = `${location.prefix}:${location.queueName}:${set}`;
        left +=
          set === 'delayed' || set === 'prioritized'
            ? await inspector.zcard(key)
            : await inspector.llen(key);
      }
    }

    return left;
  }

  /**
   * Waits for every job to finish: checks cut short by the failover are
   * handed on by the stall check.
   */
  async function waitForNoJobs(topology: TrackingTopology, timeoutMs = 20_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let left = await jobsLeft(topology);
    while (left > 0 && Date.now() < deadline) {
      await sleep(200);
      left = await jobsLeft(topology);
    }

    return left;
  }

  it('should refuse an untagged prefix at start, naming the fix', async () => {
    const untagged = { prefix: 'crun', queueName: 'tracking' };

    await expect(startWorker(untagged)).rejects.toThrow(TopologyError);
    expect(() => new AssetProducer({ redisClusterNodes: seeds, location: untagged })).toThrow(
      /CRUN_PREFIX to '\{crun\}'/,
    );
    expect(() =>
      readWorkerConfig({ REDIS_CLUSTER_NODES: seeds.join(','), CRUN_PREFIX: 'crun' }),
    ).toThrow(ConfigError);
    expect(() =>
      readWorkerConfig({ REDIS_CLUSTER_NODES: seeds.join(','), CRUN_PREFIX: '{crun}' }),
    ).not.toThrow();
  });

  it('should spread the partitions evenly over the shards', async () => {
    const topology = new TrackingTopology(newLocation(), { partitions: PARTITIONS, cluster: true });
    const masters = await cluster.masters();

    const perMaster = masters.map(
      (master) =>
        topology.partitions.filter((location) => {
          const slot = keySlot(`${location.prefix}:${location.queueName}:wait`);
          return master.slots.some(([first, last]) => slot >= first && slot <= last);
        }).length,
    );

    expect(perMaster).toEqual([2, 2, 2]);
  });

  it('should carry assets from producer to events over every partition', async () => {
    const location = newLocation();
    const topology = new TrackingTopology(location, { partitions: PARTITIONS, cluster: true });
    const expected = new Map<string, string>();
    for (let index = 0; index < 300; index += 1) {
      const outcome = index % 4 === 0 ? 'Failed' : 'Active';
      const assetId = simulator.addAsset({ processingMs: (index % 5) * 80, outcome });
      expected.set(assetId, outcome === 'Active' ? 'asset.ready' : 'asset.failed');
    }
    await Promise.all([startWorker(location), startWorker(location)]);

    logLines.length = 0;
    const report = await producer(location).enqueue([...expected.keys()]);
    const counts = await waitForEvents(topology, expected.size);
    await sleep(700);

    expect(report.queued).toBe(expected.size);
    expect([...counts.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [assetId, types] of counts) {
      expect(types).toEqual([expected.get(assetId)]);
    }
    expect(await jobsLeft(topology)).toBe(0);
    const state = await producers[0]?.state([...expected.keys()][0] as string);
    expect(state?.status).toMatch(/ready|failed/);
    // Every script ran inside its hash tag: no CROSSSLOT or other error was
    // logged, and the sweep re-read ready assets in the partitions.
    expect(logLines.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
    expect(
      logLines.some((line) => line.includes('sweep run ended') && /"checked":[1-9]/.test(line)),
    ).toBe(true);
  });

  it('should lose nothing when a master dies mid-run and its replica takes over', async () => {
    const location = newLocation();
    const topology = new TrackingTopology(location, { partitions: PARTITIONS, cluster: true });
    const ids = Array.from({ length: 300 }, (_, index) =>
      simulator.addAsset({ processingMs: 500 + (index % 10) * 400, outcome: 'Active' }),
    );
    await Promise.all([startWorker(location), startWorker(location)]);
    await producer(location).enqueue(ids);
    await sleep(800);

    // Replication is asynchronous: a write acknowledged in the last
    // instant before a crash can be lost with any Redis. Waiting for the
    // replicas first keeps this test about the tracker, not about that.
    await cluster.waitForReplication();
    const resolvedBeforeKill = (await eventCounts(topology)).size;
    const failover = await cluster.killMasterAndWaitForFailover(0, 20_000);
    const counts = await waitForEvents(topology, ids.length, 60_000);

    // Mid-run: some assets resolved before the kill, most were still in review.
    expect(resolvedBeforeKill).toBeGreaterThan(0);
    expect(resolvedBeforeKill).toBeLessThan(ids.length * 0.75);
    expect(failover.promoted.port).not.toBe(failover.failed.port);
    expect([...counts.keys()].sort()).toEqual([...ids].sort());
    for (const types of counts.values()) {
      expect(types).toEqual(['asset.ready']);
    }
    expect(await waitForNoJobs(topology)).toBe(0);
  }, 90_000);

  it('should log a failover once, and exit promptly on SIGTERM after it', async () => {
    const location = newLocation();
    const topology = new TrackingTopology(location, { partitions: PARTITIONS, cluster: true });
    const ids = Array.from({ length: 120 }, (_, index) =>
      simulator.addAsset({ processingMs: 500 + (index % 10) * 300, outcome: 'Active' }),
    );
    const worker = spawnWorker({
      REDIS_CLUSTER_NODES: seeds.join(','),
      CRUN_PREFIX: location.prefix,
      CRUN_QUEUE: location.queueName,
      CRUN_PARTITIONS: String(PARTITIONS),
      CRUN_API_KEY: API_KEY,
      CRUN_BASE_URL: simulator.url,
      OPS_PORT: '0',
      LOG_FORMAT: 'json',
    });
    try {
      await worker.started;
      await producer(location).enqueue(ids);
      await sleep(500);

      // A master that still has a replica: an earlier test may have used one up.
      const masters = await cluster.masters();
      await cluster.waitForReplication();
      const failover = await cluster.killMasterAndWaitForFailover(
        masters.findIndex((master) => master.replicas.length > 0),
        20_000,
      );
      const counts = await waitForEvents(topology, ids.length, 60_000);
      worker.child.kill('SIGTERM');
      const stoppingAt = Date.now();
      const code = await worker.exited;

      expect(counts.size).toBe(ids.length);
      expect(code).toBe(0);
      expect(Date.now() - stoppingAt).toBeLessThan(8_000);
      const address = `${failover.failed.host}:${failover.failed.port}`;
      const about = (text: string) =>
        worker.lines.filter((line) => line.includes(text) && line.includes(address));
      expect(about('Redis Cluster node lost')).toHaveLength(1);
      expect(about('its replica took over')).toHaveLength(1);
    } finally {
      worker.child.kill('SIGKILL');
    }
  }, 120_000);
});
