import type { ServerResponse } from 'node:http';

/** Delayed work on open responses (latency, hangs), cancelled if they close or the server stops. */
export class PendingTimers {
  readonly #timers = new Set<NodeJS.Timeout>();

  /** Runs `task` after `ms` unless the response closes first (the client gave up). */
  schedule(res: ServerResponse, ms: number, task: () => void): void {
    const cancel = (): void => {
      clearTimeout(timer);
      this.#timers.delete(timer);
    };
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      res.off('close', cancel);
      task();
    }, ms);

    this.#timers.add(timer);
    res.once('close', cancel);
  }

  cancelAll(): void {
    for (const timer of this.#timers) {
      clearTimeout(timer);
    }

    this.#timers.clear();
  }
}
