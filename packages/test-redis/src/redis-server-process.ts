import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import getPort from 'get-port';

import type { TestRedis } from './test-redis.js';

const READY_TIMEOUT_MS = 10_000;

/**
 * A `redis-server` child process on a free loopback port, with its data in a
 * temporary folder. AOF is on, as in production, so a stop and a start keep
 * every key: that is what lets suites restart Redis mid-run.
 */
export async function startRedisServerProcess(
  binary = 'redis-server',
  password?: string,
): Promise<TestRedis> {
  const port = await getPort({ host: '127.0.0.1' });
  const dir = await mkdtemp(join(tmpdir(), 'crun-test-redis-'));
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
    args.push('--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec');
    args.push('--daemonize', 'no', '--logfile', join(dir, 'redis.log'));
    if (password) {
      args.push('--requirepass', password);
    }

    child = spawn(binary, args, { stdio: 'ignore' });
    await waitUntilAcceptingConnections(port, child);
  }

  async function stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) {
      return;
    }

    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
  }

  // A suite that dies without closing must not leave a Redis behind.
  process.once('exit', () => child?.kill('SIGKILL'));
  await start();

  return {
    host: '127.0.0.1',
    port,
    url: password ? `redis://:${password}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`,
    kind: 'process',
    start,
    stop: () => stop('SIGTERM'),
    kill: () => stop('SIGKILL'),
    async freeze() {
      child?.kill('SIGSTOP');
    },
    async thaw() {
      child?.kill('SIGCONT');
    },
    async restart() {
      await stop('SIGTERM');
      await start();
    },
    async close() {
      await stop('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilAcceptingConnections(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;

  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `redis-server exited with code ${child.exitCode} before accepting connections`,
      );
    }

    if (await answersPing(port)) {
      return;
    }

    await sleep(20);
  }

  child.kill('SIGKILL');
  throw new Error(
    `redis-server did not accept connections on port ${port} within ${READY_TIMEOUT_MS} ms`,
  );
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => {
      socket.destroy();
      // While loading the AOF, Redis answers -LOADING instead of +PONG; with
      // a password it answers -NOAUTH, which means it is up.
      const reply = chunk.toString();
      resolve(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
