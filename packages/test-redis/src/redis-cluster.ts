import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  createCluster,
  freeClusterPort,
  isRunning,
  type NodeLaunch,
  NodeStartError,
  spawnNode,
  stopProcess,
} from './cluster-processes.js';
import type {
  ClusterFailover,
  ClusterMaster,
  ClusterNodeInfo,
  ClusterNodeProcess,
  TableEntry,
  TestCluster,
  TestClusterOptions,
} from './cluster-types.js';
import { HOST } from './cluster-types.js';
import {
  mastersFromTable,
  mostCommonView,
  parseClusterNodes,
  parseInfo,
  problemsInViews,
} from './cluster-views.js';
import { type RespValue, redisCommand } from './resp.js';

export type {
  ClusterFailover,
  ClusterMaster,
  ClusterNodeAddress,
  ClusterNodeInfo,
  TestCluster,
  TestClusterOptions,
} from './cluster-types.js';

const POLL_MS = 50;
const COMMAND_TIMEOUT_MS = 2_000;

/**
 * Starts a Redis Cluster on loopback: `masters` masters with
 * `replicasPerMaster` replicas each, every node a `redis-server` child
 * process on a free port (whose bus port, 10000 above, is free too) with its
 * own temporary folder, joined by `redis-cli --cluster create`. Resolves once
 * the cluster is ready (see `TestCluster.problems`).
 */
export async function startTestCluster(options: TestClusterOptions = {}): Promise<TestCluster> {
  const masterCount = options.masters ?? 3;
  const replicasPerMaster = options.replicasPerMaster ?? 1;
  const nodeTimeoutMs = options.nodeTimeoutMs ?? 1_000;
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const serverBin = options.redisServerBin ?? process.env.REDIS_SERVER_BIN ?? 'redis-server';
  const cliBin = options.redisCliBin ?? process.env.REDIS_CLI_BIN ?? 'redis-cli';
  const extraServerArgs = options.extraServerArgs ?? [];

  if (!Number.isInteger(masterCount) || masterCount < 3) {
    throw new Error(
      `startTestCluster: masters must be an integer of at least 3, not ${masterCount}`,
    );
  }
  if (!Number.isInteger(replicasPerMaster) || replicasPerMaster < 0) {
    throw new Error(
      'startTestCluster: replicasPerMaster must be a non-negative integer, ' +
        `not ${replicasPerMaster}`,
    );
  }

  const startedAt = Date.now();
  const deadline = startedAt + startTimeoutMs;
  const launch: NodeLaunch = { serverBin, nodeTimeoutMs, extraServerArgs, deadline };
  const nodes: ClusterNodeProcess[] = [];
  /** Masters killed or stopped since the last `waitForFailover`, with when. */
  let downMasters: { master: ClusterMaster; at: number }[] = [];
  let closed = false;

  // A suite that dies without closing must not leave a cluster behind.
  const onExit = () => {
    for (const node of nodes) {
      node.child?.kill('SIGKILL');
      rmSync(node.dir, { recursive: true, force: true });
    }
  };
  process.once('exit', onExit);

  function nodeByPort(port: number): ClusterNodeProcess {
    const node = nodes.find((candidate) => candidate.port === port);
    if (!node) {
      throw new Error(`no node of this cluster listens on port ${port}`);
    }
    return node;
  }

  /** Starts a new node on a fresh port pair, retrying when another process takes the port first. */
  async function startNewNode(): Promise<ClusterNodeProcess> {
    const dir = await mkdtemp(join(tmpdir(), 'crun-test-cluster-'));
    const node: ClusterNodeProcess = { port: 0, dir, child: undefined };
    nodes.push(node);
    for (let attempt = 1; ; attempt += 1) {
      node.port = await freeClusterPort();
      try {
        await spawnNode(node, launch);
        return node;
      } catch (error) {
        if (!(error instanceof NodeStartError && error.portTaken) || attempt >= 5) {
          throw error;
        }
      }
    }
  }

  async function call(port: number, ...args: (string | number)[]): Promise<RespValue> {
    return redisCommand(HOST, port, args, COMMAND_TIMEOUT_MS);
  }

  async function table(port: number): Promise<TableEntry[]> {
    return parseClusterNodes(String(await call(port, 'CLUSTER', 'NODES')));
  }

  /**
   * The masters as most running nodes see them: a node that has just come
   * back may still hold an old view for a moment.
   */
  async function masters(): Promise<ClusterMaster[]> {
    const failures: string[] = [];
    const views = await Promise.all(
      nodes.filter(isRunning).map(async (node) => {
        try {
          return mastersFromTable(await table(node.port));
        } catch (error) {
          failures.push(`${node.port}: ${(error as Error).message}`);
          return undefined;
        }
      }),
    );
    const best = mostCommonView(views);
    if (!best) {
      throw new Error(
        `no running node answered CLUSTER NODES (${failures.join('; ') || 'none runs'})`,
      );
    }
    return best;
  }

  async function problems(): Promise<string[]> {
    const live = nodes.filter(isRunning);
    const livePorts = new Set(live.map((node) => node.port));
    const found: string[] = [];
    const views = await Promise.all(
      live.map(async (node) => {
        try {
          const [info, entries, replication] = await Promise.all([
            call(node.port, 'CLUSTER', 'INFO'),
            table(node.port),
            call(node.port, 'INFO', 'replication'),
          ]);
          return {
            port: node.port,
            info: parseInfo(String(info)),
            entries,
            replication: parseInfo(String(replication)),
          };
        } catch (error) {
          found.push(`node ${node.port} did not answer: ${(error as Error).message}`);
          return undefined;
        }
      }),
    );

    found.push(...problemsInViews(views, livePorts));
    return found;
  }

  async function waitUntilReady(timeoutMs = 15_000, until = Date.now() + timeoutMs): Promise<void> {
    let last: string[] = [];
    for (;;) {
      last = await problems();
      if (last.length === 0) {
        return;
      }
      if (Date.now() >= until) {
        throw new Error(`Redis Cluster not ready after ${timeoutMs} ms: ${last.join('; ')}`);
      }
      await sleep(POLL_MS);
    }
  }

  /** Notes a master that is going down, so `waitForFailover` knows whose slots must move. */
  async function noteIfMaster(port: number): Promise<ClusterMaster | undefined> {
    const current = await masters();
    const master = current.find((candidate) => candidate.port === port);
    if (master) {
      downMasters.push({ master, at: Date.now() });
    }
    return master;
  }

  async function killMaster(target = 0): Promise<ClusterMaster> {
    const current = await masters();
    const master = nodes.some((node) => node.port === target)
      ? current.find((candidate) => candidate.port === target)
      : current[target];
    if (!master) {
      throw new Error(
        `killMaster(${target}): no such master; masters are ` +
          `${current.map((m) => m.port).join(', ')} (pass an index or a port)`,
      );
    }
    downMasters.push({ master, at: Date.now() });
    await stopProcess(nodeByPort(master.port), 'SIGKILL');
    return master;
  }

  async function waitForFailover(timeoutMs = 20_000): Promise<ClusterFailover> {
    const pending = downMasters;
    const first = pending[0];
    if (!first) {
      throw new Error('waitForFailover: no master was killed or stopped since the last failover');
    }
    const orphaned = pending.find(({ master }) => master.replicas.length === 0);
    if (orphaned) {
      throw new Error(
        `waitForFailover: master ${orphaned.master.port} had no replica to take over its slots`,
      );
    }
    const until = Date.now() + timeoutMs;
    const promotedBy = new Map<string, ClusterNodeInfo>();

    for (;;) {
      try {
        const current = await masters();
        for (const { master } of pending) {
          const firstSlot = master.slots[0]?.[0];
          const owner = current.find((candidate) =>
            candidate.slots.some(
              ([from, to]) => firstSlot !== undefined && firstSlot >= from && firstSlot <= to,
            ),
          );
          if (
            owner &&
            owner.id !== master.id &&
            nodes.some((node) => node.port === owner.port && isRunning(node))
          ) {
            promotedBy.set(master.id, { id: owner.id, host: owner.host, port: owner.port });
          }
        }
      } catch {
        // Every node busy or down for a moment: ask again.
      }
      if (promotedBy.size === pending.length) {
        break;
      }
      if (Date.now() >= until) {
        const waiting = pending
          .filter(({ master }) => !promotedBy.has(master.id))
          .map(({ master }) => master.port);
        throw new Error(
          `no replica took over from master ${waiting.join(', ')} ` +
            `within ${timeoutMs} ms: ${(await problems().catch(() => [])).join('; ')}`,
        );
      }
      await sleep(POLL_MS);
    }

    await waitUntilReady(timeoutMs, until);
    downMasters = [];
    const promoted = promotedBy.get(first.master.id);
    if (!promoted) {
      throw new Error('waitForFailover: lost track of the promoted replica');
    }
    return { failed: first.master, promoted, elapsedMs: Date.now() - first.at };
  }

  async function waitForReplication(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    const targets: { replica: number; master: number; offset: number }[] = [];
    for (const master of await masters()) {
      const info = parseInfo(String(await call(master.port, 'INFO', 'replication')));
      const offset = Number(info.master_repl_offset);
      for (const replica of master.replicas) {
        if (nodes.some((node) => node.port === replica.port && isRunning(node))) {
          targets.push({ replica: replica.port, master: master.port, offset });
        }
      }
    }
    for (const target of targets) {
      for (;;) {
        const info = parseInfo(String(await call(target.replica, 'INFO', 'replication')));
        if (info.master_link_status === 'up' && Number(info.slave_repl_offset) >= target.offset) {
          break;
        }
        if (Date.now() >= until) {
          throw new Error(
            `replica ${target.replica} did not reach offset ${target.offset} of master ` +
              `${target.master} within ${timeoutMs} ms (at ${info.slave_repl_offset}, ` +
              `link ${info.master_link_status})`,
          );
        }
        await sleep(10);
      }
    }
  }

  async function close(): Promise<void> {
    if (closed) {
      return;
    }
    closed = true;
    process.removeListener('exit', onExit);
    await Promise.all(nodes.map((node) => stopProcess(node, 'SIGKILL')));
    await Promise.all(nodes.map((node) => rm(node.dir, { recursive: true, force: true })));
  }

  try {
    const total = masterCount * (1 + replicasPerMaster);
    // allSettled: on a failure, no node may still be starting when close() runs.
    const started = await Promise.allSettled(Array.from({ length: total }, () => startNewNode()));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) {
      throw failed.reason;
    }

    await createCluster(
      cliBin,
      nodes.map((node) => node.port),
      replicasPerMaster,
      deadline - Date.now(),
    );
    await waitUntilReady(startTimeoutMs, deadline);
  } catch (error) {
    await close();
    throw error;
  }

  return {
    nodes: nodes.map((node) => ({ host: HOST, port: node.port })),
    masters,
    problems,
    waitUntilReady: (timeoutMs) => waitUntilReady(timeoutMs),
    killMaster,
    waitForFailover,
    async killMasterAndWaitForFailover(target, timeoutMs) {
      await killMaster(target);
      return waitForFailover(timeoutMs);
    },
    waitForReplication,
    async stopNode(port, signal = 'SIGTERM') {
      const node = nodeByPort(port);
      if (isRunning(node)) {
        await noteIfMaster(port).catch(() => undefined);
      }
      await stopProcess(node, signal);
    },
    async startNode(port) {
      const node = nodeByPort(port);
      if (!isRunning(node)) {
        await spawnNode(node, launch);
      }
    },
    async restartNode(port) {
      const node = nodeByPort(port);
      await stopProcess(node, 'SIGTERM');
      await spawnNode(node, launch);
    },
    isRunning: (port) => isRunning(nodeByPort(port)),
    call,
    close,
  };
}
