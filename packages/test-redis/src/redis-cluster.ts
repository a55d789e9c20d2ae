import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import getPort from 'get-port';

import { type RespValue, redisCommand } from './resp.js';

const HOST = '127.0.0.1';
const SLOT_COUNT = 16_384;
/** Redis Cluster's bus listens on the client port plus this. */
const BUS_PORT_OFFSET = 10_000;
/**
 * Client ports come from below Linux's ephemeral range (32768 and up), and so
 * do their bus ports, so outgoing connections do not take them between the
 * check and redis-server's bind.
 */
const LOWEST_PORT = 10_000;
const HIGHEST_PORT = 32_767 - BUS_PORT_OFFSET;
const POLL_MS = 50;
const COMMAND_TIMEOUT_MS = 2_000;

export interface ClusterNodeAddress {
  readonly host: string;
  readonly port: number;
}

/** A node as the cluster's own table names it. */
export interface ClusterNodeInfo extends ClusterNodeAddress {
  /** The 40-character node ID. */
  readonly id: string;
}

/** A master that serves slots, with the replicas the cluster counts as healthy. */
export interface ClusterMaster extends ClusterNodeInfo {
  /** Inclusive `[first, last]` slot ranges, in order. */
  readonly slots: readonly (readonly [number, number])[];
  readonly replicas: readonly ClusterNodeInfo[];
}

/** What `waitForFailover` saw happen. */
export interface ClusterFailover {
  /** The master that went down, with the slots it served. */
  readonly failed: ClusterMaster;
  /** The replica that took its slots over. */
  readonly promoted: ClusterNodeInfo;
  /** From the kill until the cluster was ready again. */
  readonly elapsedMs: number;
}

export interface TestClusterOptions {
  /** Masters, each serving an equal share of the slots. At least 3 (Redis Cluster's minimum). */
  masters?: number;
  /** Replicas of each master. Default 1; a failover needs at least one. */
  replicasPerMaster?: number;
  /**
   * `cluster-node-timeout`: how long a node may be silent before it counts as
   * failing. Default 1000 ms; a failover takes about two to three times it.
   */
  nodeTimeoutMs?: number;
  /** Limit for the whole start, processes, join and ready check. Default 30 s. */
  startTimeoutMs?: number;
  /** `redis-server` binary; default `REDIS_SERVER_BIN`, else `redis-server` on the PATH. */
  redisServerBin?: string;
  /** `redis-cli` binary; default `REDIS_CLI_BIN`, else `redis-cli` on the PATH. */
  redisCliBin?: string;
  /** More `redis-server` arguments for every node, e.g. `['--maxmemory', '64mb']`. */
  extraServerArgs?: readonly string[];
}

/** A Redis Cluster of `redis-server` child processes that belongs to one test suite. */
export interface TestCluster {
  /** Every node, masters and replicas as started: a seed list for a cluster client. */
  readonly nodes: readonly ClusterNodeAddress[];
  /** The current masters that serve slots, in slot order, as a live node reports them. */
  masters(): Promise<ClusterMaster[]>;
  /**
   * What keeps the cluster from being ready, as sentences; empty when every
   * running node reports `cluster_state:ok`, all 16384 slots are served by
   * running masters that every node agrees on, and every other running node
   * is a replica whose link to its master is up.
   */
  problems(): Promise<string[]>;
  /** Resolves once `problems()` is empty; rejects with the last problems after `timeoutMs`. */
  waitUntilReady(timeoutMs?: number): Promise<void>;
  /**
   * Kills a master with SIGKILL, like a crash. `target` is an index into
   * `masters()` (default 0) or a node's port. Resolves with the master as it
   * was; `waitForFailover` then waits for its replica to take over.
   */
  killMaster(target?: number): Promise<ClusterMaster>;
  /**
   * Resolves once a replica of every master that was killed or stopped
   * since the last call serves that master's slots and the cluster is ready.
   */
  waitForFailover(timeoutMs?: number): Promise<ClusterFailover>;
  /** `killMaster` then `waitForFailover`. */
  killMasterAndWaitForFailover(target?: number, timeoutMs?: number): Promise<ClusterFailover>;
  /**
   * Resolves once every running replica has processed the replication stream
   * up to where its master was when called. Writes acknowledged before this
   * call survive a master's death afterwards; without it, replication is
   * asynchronous and the newest writes can be lost in a failover.
   */
  waitForReplication(timeoutMs?: number): Promise<void>;
  /** Stops a node: SIGTERM (default; the AOF is flushed) or SIGKILL. */
  stopNode(port: number, signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts a stopped node again on its port with its data and `nodes.conf`; it rejoins. */
  startNode(port: number): Promise<void>;
  /** `stopNode` (SIGTERM) then `startNode`. */
  restartNode(port: number): Promise<void>;
  /** Whether the node's process is running. */
  isRunning(port: number): boolean;
  /** Sends one command to one node (no redirects), e.g. `call(port, 'CLUSTER', 'INFO')`. */
  call(port: number, ...args: (string | number)[]): Promise<RespValue>;
  /** Kills every node and removes their data. Safe to call twice. */
  close(): Promise<void>;
}

interface ClusterNodeProcess {
  port: number;
  readonly dir: string;
  child: ChildProcess | undefined;
}

interface TableEntry extends ClusterNodeInfo {
  readonly flags: readonly string[];
  /** The master's ID for a replica, else undefined. */
  readonly masterId: string | undefined;
  readonly slots: [number, number][];
}

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
      `startTestCluster: replicasPerMaster must be a non-negative integer, not ${replicasPerMaster}`,
    );
  }

  const startedAt = Date.now();
  const deadline = startedAt + startTimeoutMs;
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

  function serverArgs(node: ClusterNodeProcess): string[] {
    return [
      '--port',
      String(node.port),
      '--bind',
      HOST,
      '--dir',
      node.dir,
      '--daemonize',
      'no',
      '--logfile',
      join(node.dir, 'redis.log'),
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      'nodes.conf',
      '--cluster-node-timeout',
      String(nodeTimeoutMs),
      // A replica takes over however long it has been cut off from its master.
      '--cluster-replica-validity-factor',
      '0',
      // Keep the topology the test built: no replica moves to an orphaned master.
      '--cluster-allow-replica-migration',
      'no',
      '--appendonly',
      'yes',
      '--save',
      '',
      // Redis 7 waits 5 s by default before a diskless full sync to a replica.
      '--repl-diskless-sync-delay',
      '0',
      ...extraServerArgs,
    ];
  }

  function nodeByPort(port: number): ClusterNodeProcess {
    const node = nodes.find((candidate) => candidate.port === port);
    if (!node) {
      throw new Error(`no node of this cluster listens on port ${port}`);
    }
    return node;
  }

  function running(node: ClusterNodeProcess): boolean {
    return node.child !== undefined && node.child.exitCode === null && !node.child.signalCode;
  }

  async function spawnNode(node: ClusterNodeProcess): Promise<void> {
    const child = spawn(serverBin, serverArgs(node), { stdio: 'ignore' });
    node.child = child;
    let spawnError: Error | undefined;
    child.once('error', (error) => {
      spawnError = error;
    });

    const limit = Math.max(deadline, Date.now() + 10_000);
    while (Date.now() < limit) {
      if (spawnError) {
        node.child = undefined;
        throw missingBinaryError(spawnError, serverBin, 'redis-server', 'REDIS_SERVER_BIN');
      }
      if (child.exitCode !== null || child.signalCode) {
        node.child = undefined;
        const log = await logTail(node);
        throw new NodeStartError(
          `redis-server on port ${node.port} exited (${child.exitCode ?? child.signalCode}) before accepting connections${log}`,
          /address already in use/i.test(log),
        );
      }
      // The pid check makes sure the answer comes from this child, not from
      // a process that took the port first (this child then exits).
      if (child.pid !== undefined && (await serverPid(node.port)) === child.pid) {
        return;
      }
      await sleep(20);
    }

    child.kill('SIGKILL');
    node.child = undefined;
    throw new Error(
      `redis-server on port ${node.port} did not accept connections in time${await logTail(node)}`,
    );
  }

  /** Starts a new node on a fresh port pair, retrying when another process takes the port first. */
  async function startNewNode(): Promise<ClusterNodeProcess> {
    const dir = await mkdtemp(join(tmpdir(), 'crun-test-cluster-'));
    const node: ClusterNodeProcess = { port: 0, dir, child: undefined };
    nodes.push(node);
    for (let attempt = 1; ; attempt += 1) {
      node.port = await freeClusterPort();
      try {
        await spawnNode(node);
        return node;
      } catch (error) {
        if (!(error instanceof NodeStartError && error.portTaken) || attempt >= 5) {
          throw error;
        }
      }
    }
  }

  async function stopProcess(node: ClusterNodeProcess, signal: NodeJS.Signals): Promise<void> {
    const child = node.child;
    node.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode) {
      return;
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
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
      nodes.filter(running).map(async (node) => {
        try {
          return mastersFromTable(await table(node.port));
        } catch (error) {
          failures.push(`${node.port}: ${(error as Error).message}`);
          return undefined;
        }
      }),
    );
    const bySignature = new Map<string, { view: ClusterMaster[]; count: number }>();
    for (const view of views) {
      if (view) {
        const signature = view.map((m) => `${m.id}=${formatSlots(m.slots)}`).join(' ');
        const seen = bySignature.get(signature);
        bySignature.set(signature, { view, count: (seen?.count ?? 0) + 1 });
      }
    }
    let best: { view: ClusterMaster[]; count: number } | undefined;
    for (const candidate of bySignature.values()) {
      if (!best || candidate.count > best.count) {
        best = candidate;
      }
    }
    if (!best) {
      throw new Error(
        `no running node answered CLUSTER NODES (${failures.join('; ') || 'none runs'})`,
      );
    }
    return best.view;
  }

  async function problems(): Promise<string[]> {
    const live = nodes.filter(running);
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

    let agreed: string | undefined;
    for (const view of views) {
      if (!view) {
        continue;
      }
      const { port, info, entries, replication } = view;
      if (info.cluster_state !== 'ok') {
        found.push(`node ${port} reports cluster_state:${info.cluster_state}`);
      }
      for (const field of ['cluster_slots_assigned', 'cluster_slots_ok']) {
        if (info[field] !== String(SLOT_COUNT)) {
          found.push(`node ${port} reports ${field}:${info[field]}`);
        }
      }

      const owners = mastersFromTable(entries);
      for (const owner of owners) {
        if (!livePorts.has(owner.port)) {
          found.push(`node ${port} sees slots served by ${owner.port}, which is down`);
        }
      }
      for (const entry of entries) {
        if (livePorts.has(entry.port) && entry.flags.some((flag) => flag.startsWith('fail'))) {
          found.push(`node ${port} flags running node ${entry.port} as ${entry.flags.join(',')}`);
        }
      }
      const signature = owners
        .map((owner) => `${owner.port}=${formatSlots(owner.slots)}`)
        .join(' ');
      if (agreed === undefined) {
        agreed = signature;
      } else if (signature !== agreed) {
        found.push(`nodes disagree on slot owners: "${agreed}" vs "${signature}" (node ${port})`);
      }

      const myself = entries.find((entry) => entry.flags.includes('myself'));
      if (!myself) {
        found.push(`node ${port} does not list itself in CLUSTER NODES`);
      } else if (myself.flags.includes('master')) {
        if (myself.slots.length === 0) {
          found.push(`node ${port} is a master without slots, not yet a replica`);
        }
      } else if (replication.master_link_status !== 'up') {
        found.push(
          `replica ${port} has master_link_status:${replication.master_link_status ?? 'unknown'}`,
        );
      } else if (!owners.some((owner) => owner.id === myself.masterId)) {
        found.push(`replica ${port} replicates a node that serves no slots`);
      }
    }
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
        `killMaster(${target}): no such master; masters are ${current.map((m) => m.port).join(', ')} (pass an index or a port)`,
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
            nodes.some((node) => node.port === owner.port && running(node))
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
        const waiting = pending.filter(({ master }) => !promotedBy.has(master.id));
        throw new Error(
          `no replica took over from master ${waiting.map(({ master }) => master.port).join(', ')} within ${timeoutMs} ms: ${(await problems().catch(() => [])).join('; ')}`,
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
        if (nodes.some((node) => node.port === replica.port && running(node))) {
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
            `replica ${target.replica} did not reach offset ${target.offset} of master ${target.master} within ${timeoutMs} ms (at ${info.slave_repl_offset}, link ${info.master_link_status})`,
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
      if (running(node)) {
        await noteIfMaster(port).catch(() => undefined);
      }
      await stopProcess(node, signal);
    },
    async startNode(port) {
      const node = nodeByPort(port);
      if (!running(node)) {
        await spawnNode(node);
      }
    },
    async restartNode(port) {
      const node = nodeByPort(port);
      await stopProcess(node, 'SIGTERM');
      await spawnNode(node);
    },
    isRunning: (port) => running(nodeByPort(port)),
    call,
    close,
  };
}

class NodeStartError extends Error {
  constructor(
    message: string,
    readonly portTaken: boolean,
  ) {
    super(message);
  }
}

/** A loopback port whose cluster bus port (10000 above) is free too. */
async function freeClusterPort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const candidate = LOWEST_PORT + Math.floor(Math.random() * (HIGHEST_PORT - LOWEST_PORT + 1));
    // get-port falls back to another port when the one asked for is taken,
    // and keeps the ports it handed out for a while so none goes out twice.
    if ((await getPort({ host: HOST, port: candidate })) !== candidate) {
      continue;
    }
    const bus = candidate + BUS_PORT_OFFSET;
    if ((await getPort({ host: HOST, port: bus })) === bus) {
      return candidate;
    }
  }
  throw new Error('found no free loopback port whose cluster bus port (+10000) is free too');
}

async function createCluster(
  cliBin: string,
  ports: number[],
  replicasPerMaster: number,
  timeoutMs: number,
): Promise<void> {
  const args = [
    '--cluster',
    'create',
    ...ports.map((port) => `${HOST}:${port}`),
    '--cluster-replicas',
    String(replicasPerMaster),
    '--cluster-yes',
  ];
  await new Promise<void>((resolve, reject) => {
    execFile(
      cliBin,
      args,
      { timeout: Math.max(timeoutMs, 5_000), killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (!error) {
          resolve();
          return;
        }
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(missingBinaryError(error, cliBin, 'redis-cli', 'REDIS_CLI_BIN'));
          return;
        }
        const output = `${stdout}\n${stderr}`.trim().split('\n').slice(-15).join('\n');
        reject(
          new Error(
            `redis-cli --cluster create failed (${error.killed ? 'timed out' : error.message.split('\n')[0]}):\n${output}`,
          ),
        );
      },
    );
  });
}

function missingBinaryError(error: Error, binary: string, name: string, envVar: string): Error {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    return new Error(
      `cannot run ${name} ("${binary}" not found): install redis-server (it brings redis-server and redis-cli, e.g. apt-get install redis-server) or set ${envVar} to the binary`,
    );
  }
  return new Error(`cannot run ${name} ("${binary}"): ${error.message}`);
}

async function logTail(node: ClusterNodeProcess): Promise<string> {
  try {
    const log = await readFile(join(node.dir, 'redis.log'), 'utf8');
    const tail = log.trim().split('\n').slice(-10).join('\n');
    return tail ? `; its log ends:\n${tail}` : '';
  } catch {
    return '';
  }
}

/** The `process_id` of the Redis on `port`, once it has loaded its data and accepts commands. */
async function serverPid(port: number): Promise<number | undefined> {
  try {
    const reply = await redisCommand(HOST, port, ['INFO', 'server', 'persistence'], 500);
    const info = parseInfo(String(reply));
    return info.loading === '0' ? Number(info.process_id) : undefined;
  } catch {
    return undefined;
  }
}

/** `field:value` lines of INFO and CLUSTER INFO. */
function parseInfo(text: string): Record<string, string | undefined> {
  const fields: Record<string, string | undefined> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) {
      fields[line.slice(0, colon)] = line.slice(colon + 1);
    }
  }
  return fields;
}

/**
 * Lines of CLUSTER NODES: `<id> <ip:port@cport[,hostname]> <flags> <master>
 * <ping-sent> <pong-recv> <config-epoch> <link-state> <slot>...`. Slots being
 * imported or migrated (`[...]`) are left out.
 */
function parseClusterNodes(text: string): TableEntry[] {
  const entries: TableEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(' ');
    const [id, address, flags, master] = fields;
    if (!id || !address || !flags || !master) {
      continue;
    }
    const hostPort = address.split('@')[0] ?? '';
    const colon = hostPort.lastIndexOf(':');
    const slots: [number, number][] = [];
    for (const slot of fields.slice(8)) {
      if (slot.startsWith('[')) {
        continue;
      }
      const [from, to] = slot.split('-');
      slots.push([Number(from), Number(to ?? from)]);
    }
    entries.push({
      id,
      host: hostPort.slice(0, colon) || HOST,
      port: Number(hostPort.slice(colon + 1)),
      flags: flags.split(','),
      masterId: master === '-' ? undefined : master,
      slots: slots.sort((a, b) => a[0] - b[0]),
    });
  }
  return entries;
}

/** Masters that serve slots and are not flagged failed, in slot order. */
function mastersFromTable(entries: TableEntry[]): ClusterMaster[] {
  const healthy = (entry: TableEntry) =>
    !entry.flags.some((flag) => flag === 'fail' || flag === 'noaddr' || flag === 'handshake');
  return entries
    .filter((entry) => entry.flags.includes('master') && entry.slots.length > 0 && healthy(entry))
    .map((entry) => ({
      id: entry.id,
      host: entry.host,
      port: entry.port,
      slots: entry.slots,
      replicas: entries
        .filter((other) => other.masterId === entry.id && healthy(other))
        .map((other) => ({ id: other.id, host: other.host, port: other.port })),
    }))
    .sort((a, b) => (a.slots[0]?.[0] ?? 0) - (b.slots[0]?.[0] ?? 0));
}

function formatSlots(slots: readonly (readonly [number, number])[]): string {
  return slots.map(([from, to]) => (from === to ? `${from}` : `${from}-${to}`)).join(',');
}
