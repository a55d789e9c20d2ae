import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER_MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** A worker service in a process of its own, as it runs in production. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Every line it wrote, stdout and stderr together. */
  readonly lines: string[];
  /** Resolves with the exit code (or null after a signal) once it exits. */
  readonly exited: Promise<number | null>;
  /** Resolves once it logged that it started. */
  readonly started: Promise<void>;
}

/** Starts `dist/main.js` with `env` on top of a fast test configuration. */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [WORKER_MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      POLL_INITIAL_DELAY_MS: '100',
      POLL_MAX_DELAY_MS: '400',
      RETRY_INITIAL_DELAY_MS: '50',
      RETRY_MAX_DELAY_MS: '400',
      WORKER_LOCK_DURATION_MS: '1000',
      WORKER_STALLED_INTERVAL_MS: '500',
      ACCOUNT_PROBE_INTERVAL_MS: '300',
      RATE_LIMIT_PAUSE_MS: '50',
      BUDGET_WINDOW_MS: '500',
      BREAKER_OPEN_MS: '100',
      BREAKER_MAX_OPEN_MS: '1000',
      SHUTDOWN_TIMEOUT_MS: '2000',
      API_RATE_LIMIT_PER_SECOND: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const lines: string[] = [];
  let announceStart: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    announceStart = resolve;
  });
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      lines.push(line);
      if (line.includes('"worker started"')) {
        announceStart();
      }
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, lines, exited, started };
}
