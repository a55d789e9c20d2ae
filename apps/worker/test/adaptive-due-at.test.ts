import { describe, expect, it } from 'vitest';

import { adaptiveDueAt } from '../src/ready-time/adaptive-due-at.js';

const POLL = { initialDelayMs: 1_000, factor: 2, maxDelayMs: 60_000, jitter: 0 };
const CREATED = 1_000_000;
const EARLIEST = 180_000;

describe('adaptiveDueAt', () => {
  it('should wait for the usual earliest review end before reading again', () => {
    expect(adaptiveDueAt(CREATED + 2_000, CREATED, EARLIEST, POLL)).toBe(CREATED + EARLIEST);
  });

  it('should then follow the backoff schedule as if tracking had started there', () => {
    const reads: number[] = [];
    let now = CREATED + EARLIEST;
    for (let index = 0; index < 6; index += 1) {
      now = adaptiveDueAt(now, CREATED, EARLIEST, POLL);
      reads.push(now - CREATED - EARLIEST);
    }

    expect(reads).toEqual([1_000, 3_000, 7_000, 15_000, 31_000, 63_000]);
  });

  it('should pick up the schedule where an asset read late (a backlog) would be', () => {
    const late = CREATED + EARLIEST + 10_000;

    expect(adaptiveDueAt(late, CREATED, EARLIEST, POLL) - CREATED - EARLIEST).toBe(15_000);
  });

  it('should keep to the cap far past the earliest end', () => {
    const muchLater = CREATED + EARLIEST + 3_600_000;
    const due = adaptiveDueAt(muchLater, CREATED, EARLIEST, POLL);

    expect(due - muchLater).toBeGreaterThan(0);
    expect(due - muchLater).toBeLessThanOrEqual(60_000);
  });

  it('should add jitter to the wait only', () => {
    const jittered = { ...POLL, jitter: 0.5 };
    const now = CREATED + EARLIEST + 1_000;

    expect(adaptiveDueAt(now, CREATED, EARLIEST, jittered, () => 0.5) - now).toBe(2_500);
  });
});
