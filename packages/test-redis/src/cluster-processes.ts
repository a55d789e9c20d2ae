import { execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import getPort from 'get-port';

import { type ClusterNodeProcess, HOST } from './cluster-types.js';
import { parseInfo } from './cluster-views.js';
import { redisCommand } from './resp.js';

/** Redis Cluster's bus listens on the client port plus this. */
const BUS_PORT_OFFSET = 10_000;
/**
 * Client ports come from below Linux's ephemeral range (32768 and up), and so
 * do their bus ports, so outgoing connections do not take them between the
 * check and redis-server's bind.
 */
const LOWEST_PORT = 10_000;
const HIGHEST_PORT = 32_767 - BUS_PORT_OFFSET;

export class NodeStartError extends Error {
  constructor(
    message: string,
    readonly portTaken: boolean,
  ) {
    super(message);
  }
}

/** A loopback port whose cluster bus port (10000 above) is free too. */
export async function freeClusterPort(): Promise<number> {
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

export async function createCluster(
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
        reject(new Error(`redis-cli --cluster create failed (${failureOf(error)}):\n${output}`));
      },
    );
  });
}

function failureOf(error: Error & { killed?: boolean }): string {
  return error.killed ? 'timed out' : (error.message.split('\n')[0] ?? '');
}

export function missingBinaryError(
  error: Error,
  binary: string,
  name: string,
  envVar: string,
): Error {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    return new Error(
      `cannot run ${name} ("${binary}" not found): install redis-server (it brings ` +
        `redis-server and redis-cli, e.g. apt-get install redis-server) or set ${envVar} ` +
        'to the binary',
    );
  }
  return new Error(`cannot run ${name} ("${binary}"): ${error.message}`);
}

export async function logTail(node: ClusterNodeProcess): Promise<string> {
  try {
    const log = await readFile(join(node.dir, 'redis.log'), 'utf8');
    const tail = log.trim().split('\n').slice(-10).join('\n');
    return tail ? `; its log ends:\n${tail}` : '';
  } catch {
    return '';
  }
}

/** The `process_id` of the Redis on `port`, once it has loaded its data and accepts commands. */
export async function serverPid(port: number): Promise<number | undefined> {
  try {
    const reply = await redisCommand(HOST, port, ['INFO', 'server', 'persistence'], 500);
    const info = parseInfo(String(reply));
    return info.loading === '0' ? Number(info.process_id) : undefined;
  } catch {
    return undefined;
  }
}

/** How a cluster's nodes are started. */
export interface NodeLaunch {
  serverBin: string;
  nodeTimeoutMs: number;
  extraServerArgs: readonly string[];
  /** Until when a node may take to accept connections (at least 10 s from its start). */
  deadline: number;
}

function serverArgs(node: ClusterNodeProcess, launch: NodeLaunch): string[] {
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
    String(launch.nodeTimeoutMs),
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
    ...launch.extraServerArgs,
  ];
}

export function isRunning(node: ClusterNodeProcess): boolean {
  return node.child !== undefined && node.child.exitCode === null && !node.child.signalCode;
}

export async function spawnNode(node: ClusterNodeProcess, launch: NodeLaunch): Promise<void> {
  const child = spawn(launch.serverBin, serverArgs(node, launch), { stdio: 'ignore' });
  node.child = child;
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });

  const limit = Math.max(launch.deadline, Date.now() + 10_000);
  while (Date.now() < limit) {
    if (spawnError) {
      node.child = undefined;
      throw missingBinaryError(spawnError, launch.serverBin, 'redis-server', 'REDIS_SERVER_BIN');
    }
    if (child.exitCode !== null || child.signalCode) {
      node.child = undefined;
      const log = await logTail(node);
      throw new NodeStartError(
        `redis-server on port ${node.port} exited (${child.exitCode ?? child.signalCode}) ` +
          `before accepting connections${log}`,
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

export async function stopProcess(node: ClusterNodeProcess, signal: NodeJS.Signals): Promise<void> {
  const child = node.child;
  node.child = undefined;
  if (!child || child.exitCode !== null || child.signalCode) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}
