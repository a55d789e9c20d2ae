import { subscribe } from 'node:diagnostics_channel';

import type { ChildSnapshot } from './protocol.js';

/** What this process has done; read by `snapshot` at each mark. */
export const counters = { checks: 0, httpConnections: 0, httpRequests: 0 };

/**
 * Counts the TCP connections and requests of Node's fetch (undici), so the
 * report can tell whether status reads reuse keep-alive connections.
 */
export function watchHttp(): void {
  subscribe('undici:client:connected', () => {
    counters.httpConnections += 1;
  });
  subscribe('undici:request:create', () => {
    counters.httpRequests += 1;
  });
}

export function snapshot(): ChildSnapshot {
  const cpu = process.cpuUsage();
  return {
    checks: counters.checks,
    cpuUs: cpu.user + cpu.system,
    httpConnections: counters.httpConnections,
    httpRequests: counters.httpRequests,
    atMs: Date.now(),
  };
}
