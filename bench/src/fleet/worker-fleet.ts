import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type {
  ChildConfig,
  ChildMessage,
  ChildSnapshot,
  ParentMessage,
  ProfileBucket,
} from '../child/protocol.js';

const CHILD_ENTRY = fileURLToPath(new URL('../child/worker-child.js', import.meta.url));
const REPLY_TIMEOUT_MS = 30_000;
const EXIT_TIMEOUT_MS = 10_000;

/** Bench child processes running one mode each; the parent only steers and reads counters. */
export class WorkerFleet {
  readonly #children: ChildProcess[];

  private constructor(children: ChildProcess[]) {
    this.#children = children;
  }

  /** Forks `count` children and resolves once every one of them takes work. */
  static async start(count: number, config: ChildConfig): Promise<WorkerFleet> {
    const children = Array.from({ length: count }, () =>
      fork(CHILD_ENTRY, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }),
    );
    const fleet = new WorkerFleet(children);

    try {
      await fleet.#ask({ type: 'start', config }, 'ready');
    } catch (error) {
      fleet.#killAll();
      throw error;
    }

    return fleet;
  }

  get size(): number {
    return this.#children.length;
  }

  /** Every child's counters now. */
  async mark(): Promise<ChildSnapshot[]> {
    const replies = await this.#ask({ type: 'mark' }, 'mark');
    return replies.map((reply) => (reply as Extract<ChildMessage, { type: 'mark' }>).snapshot);
  }

  async pause(): Promise<void> {
    await this.#ask({ type: 'pause' }, 'paused');
  }

  async resume(): Promise<void> {
    await this.#ask({ type: 'resume' }, 'resumed');
  }

  async startProfiles(): Promise<void> {
    await this.#ask({ type: 'profile-start' }, 'profile-started');
  }

  /** Each child's CPU profile since `startProfiles`, summed up by library. */
  async stopProfiles(): Promise<{ buckets: ProfileBucket[]; sampledUs: number }[]> {
    const replies = await this.#ask({ type: 'profile-stop' }, 'profile');
    return replies.map((reply) => {
      const { buckets, sampledUs } = reply as Extract<ChildMessage, { type: 'profile' }>;
      return { buckets, sampledUs };
    });
  }

  /** Stops every child's work, waits for the processes to end, kills stragglers by pid. */
  async stop(): Promise<void> {
    const exits = this.#children.map(exitOf);
    await this.#ask({ type: 'stop' }, 'stopped').catch(() => undefined);

    const timer = setTimeout(() => this.#killAll(), EXIT_TIMEOUT_MS);
    await Promise.all(exits);
    clearTimeout(timer);
  }

  #killAll(): void {
    for (const child of this.#children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    }
  }

  #ask(message: ParentMessage, replyType: ChildMessage['type']): Promise<ChildMessage[]> {
    return Promise.all(this.#children.map((child) => askOne(child, message, replyType)));
  }
}

function askOne(
  child: ChildProcess,
  message: ParentMessage,
  replyType: ChildMessage['type'],
): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`no ${replyType} from a child`)),
      REPLY_TIMEOUT_MS,
    );
    const onMessage = (reply: ChildMessage) => {
      if (reply.type === replyType) {
        finish(undefined, reply);
      } else if (reply.type === 'failed') {
        finish(new Error(`bench child failed: ${reply.message}`));
      }
    };
    const onExit = (code: number | null) => finish(new Error(`bench child exited (${code})`));
    const finish = (error: Error | undefined, reply?: ChildMessage) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) {
        reject(error);
      } else {
        resolve(reply as ChildMessage);
      }
    };

    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(message);
  });
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }

  return new Promise((resolve) => child.once('exit', () => resolve()));
}
