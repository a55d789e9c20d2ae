import { type BackoffPolicy, backoffDelayMs } from '../backoff.js';

/**
 * When to read an asset next, given that reviews of its type rarely end
 * before `earliestReadyMs` after creation. Until then there is no point in
 * reading: the next read is at that moment. From then on reads follow the
 * backoff schedule as if tracking had started there, densest just when
 * reviews typically end, instead of where plain doubling has already grown
 * its waits to minutes. Stateless: the moment and the time since creation
 * say where in that schedule the asset is.
 */
export function adaptiveDueAt(
  nowMs: number,
  createdAtMs: number,
  earliestReadyMs: number,
  poll: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const origin = createdAtMs + earliestReadyMs;
  if (nowMs < origin) {
    return origin;
  }

  let due = origin;
  let wait = 0;
  for (let step = 0; due <= nowMs && wait < poll.maxDelayMs; step += 1) {
    wait = backoffDelayMs(step, { ...poll, jitter: 0 });
    due += wait;
  }

  // Past the cap the schedule is regular: jump instead of stepping.
  if (due <= nowMs) {
    due += Math.ceil((nowMs - due + 1) / wait) * wait;
  }

  const lastWait = Math.max(1, due - nowMs);
  return nowMs + Math.round(lastWait * (1 + poll.jitter * random()));
}
