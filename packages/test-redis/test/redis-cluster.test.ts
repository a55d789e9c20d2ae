import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ClusterMaster, startTestCluster, type TestCluster } from '../src/index.js';

const run = promisify(execFile);
const cliBin = process.env.REDIS_CLI_BIN ?? 'redis-cli';
const KEY_COUNT = 60;
const keys = Array.from({ length: KEY_COUNT }, (_, i) => `asset:${i}`);

/**
 * Runs commands through `redis-cli -c`, a cluster client that follows MOVED
 * redirects, and returns one reply line per command.
 */
async function viaClusterClient(seedPort: number, commands: string[]): Promise<string[]> {
  const child = run(cliBin, ['-c', '-h', '127.0.0.1', '-p', String(seedPort)], {
    timeout: 10_000,
  });
  child.child.stdin?.end(`${commands.join('\n')}\n`);
  const { stdout } = await child;
  return stdout
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('-> Redirected'))
    .map((line) => line.trim());
}

function expectAllSlotsServed(masters: ClusterMaster[]): void {
  const ranges = masters.flatMap((master) => master.slots).sort((a, b) => a[0] - b[0]);
  let next = 0;
  for (const [from, to] of ranges) {
    expect(from).toBe(next);
    next = to + 1;
  }
  expect(next).toBe(16_384);
}

describe('startTestCluster', () => {
  let cluster: TestCluster;
  let startMs: number;

  beforeAll(async () => {
    const startedAt = Date.now();
    cluster = await startTestCluster();
    startMs = Date.now() - startedAt;
  }, 30_000);

  afterAll(async () => {
    await cluster?.close();
  });

  it('starts 3 masters with a replica each, serving every slot', async () => {
    expect(cluster.nodes).toHaveLength(6);
    expect(new Set(cluster.nodes.map((node) => node.port)).size).toBe(6);
    // Generous for a loaded 2-core machine; about 2 s when idle.
    expect(startMs).toBeLessThan(15_000);

    const masters = await cluster.masters();
    expect(masters).toHaveLength(3);
    for (const master of masters) {
      expect(master.replicas).toHaveLength(1);
    }
    expectAllSlotsServed(masters);
    expect(await cluster.problems()).toEqual([]);
  });

  it('keeps replicated keys through a master crash and a failover', async () => {
    const seed = cluster.nodes[0]?.port ?? 0;
    const written = await viaClusterClient(
      seed,
      keys.map((key) => `SET ${key} value-of-${key}`),
    );
    expect(written).toEqual(keys.map(() => 'OK'));

    // The keys are spread over every master.
    const before = await cluster.masters();
    for (const master of before) {
      expect(await cluster.call(master.port, 'DBSIZE')).toBeGreaterThan(0);
    }

    // Replication is asynchronous: without this, a write acknowledged just
    // before the SIGKILL could be missing on the replica that takes over.
    await cluster.waitForReplication();

    const victim = before[0];
    if (!victim) {
      throw new Error('no master');
    }
    const victimKeys = ((await cluster.call(victim.port, 'KEYS', '*')) as string[]).sort();
    expect(victimKeys.length).toBeGreaterThan(0);

    const killed = await cluster.killMaster(0);
    expect(killed.port).toBe(victim.port);
    expect(cluster.isRunning(victim.port)).toBe(false);

    const failover = await cluster.waitForFailover();
    expect(failover.failed.port).toBe(victim.port);
    expect(victim.replicas.map((replica) => replica.port)).toContain(failover.promoted.port);
    expect(failover.elapsedMs).toBeLessThan(15_000);

    const after = await cluster.masters();
    expect(after).toHaveLength(3);
    expect(after.map((master) => master.port)).not.toContain(victim.port);
    const promoted = after.find((master) => master.port === failover.promoted.port);
    expect(promoted?.slots).toEqual(victim.slots);
    expectAllSlotsServed(after);
    expect(await cluster.problems()).toEqual([]);

    // The promoted replica itself holds the dead master's keys...
    expect(((await cluster.call(failover.promoted.port, 'KEYS', '*')) as string[]).sort()).toEqual(
      victimKeys,
    );
    for (const key of victimKeys) {
      expect(await cluster.call(failover.promoted.port, 'GET', key)).toBe(`value-of-${key}`);
    }
    // ...and a cluster client, seeded with a live node, reads every key back.
    const liveSeed = cluster.nodes.find((node) => node.port !== victim.port)?.port ?? 0;
    const read = await viaClusterClient(
      liveSeed,
      keys.map((key) => `GET ${key}`),
    );
    expect(read).toEqual(keys.map((key) => `value-of-${key}`));
  }, 30_000);

  it('takes a restarted master back as a replica of the one that replaced it', async () => {
    const down = cluster.nodes.find((node) => !cluster.isRunning(node.port));
    if (!down) {
      throw new Error('expected the killed master to be down');
    }
    await cluster.startNode(down.port);
    await cluster.waitUntilReady();

    const masters = await cluster.masters();
    expect(masters.map((master) => master.port)).not.toContain(down.port);
    expect(masters.flatMap((master) => master.replicas.map((replica) => replica.port))).toContain(
      down.port,
    );
    expectAllSlotsServed(masters);
    const [role, , masterPort, state] = (await cluster.call(down.port, 'ROLE')) as unknown[];
    expect([role, state]).toEqual(['slave', 'connected']);
    expect(masters.some((master) => master.port === masterPort)).toBe(true);
  }, 30_000);

  it('closes every node, and a second close is harmless', async () => {
    await cluster.close();
    await cluster.close();
    for (const node of cluster.nodes) {
      expect(cluster.isRunning(node.port)).toBe(false);
      await expect(cluster.call(node.port, 'PING')).rejects.toThrow();
    }
  });
});

describe('startTestCluster errors', () => {
  it('says to install redis-server when the binary is missing', async () => {
    await expect(startTestCluster({ redisServerBin: '/nonexistent/redis-server' })).rejects.toThrow(
      /install redis-server/,
    );
  });

  it('says the same when redis-cli is missing', async () => {
    await expect(startTestCluster({ redisCliBin: '/nonexistent/redis-cli' })).rejects.toThrow(
      /cannot run redis-cli .*install redis-server/,
    );
  });

  it('refuses fewer than 3 masters', async () => {
    await expect(startTestCluster({ masters: 2 })).rejects.toThrow(/at least 3/);
  });
});
