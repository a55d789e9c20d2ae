import { describe, expect, it } from 'vitest';

import { type BackoffPolicy, backoffDelayMs } from '../src/backoff.js';

const POLICY: BackoffPolicy = { initialDelayMs: 1_000, factor: 2, maxDelayMs: 30_000, jitter: 0 };

describe('backoffDelayMs', () => {
  it('should grow by the factor from the initial delay up to the cap', () => {
    const schedule = Array.from({ length: 8 }, (_, step) => backoffDelayMs(step, POLICY));

    expect(schedule).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('should stay at the cap for very large steps instead of overflowing', () => {
    expect(backoffDelayMs(10_000, POLICY)).toBe(30_000);
  });

  it.each([
    [0, 4_000],
    [0.5, 5_000],
    [0.999, 5_998],
  ])('should add jitter as a fraction of the delay (random %f)', (random, expected) => {
    const jittered = { ...POLICY, jitter: 0.5 };

    expect(backoffDelayMs(2, jittered, () => random)).toBe(expected);
  });

  it('should keep jitter within its fraction over many draws', () => {
    const jittered = { ...POLICY, jitter: 0.1 };
    const delays = Array.from({ length: 1_000 }, () => backoffDelayMs(3, jittered));

    expect(Math.min(...delays)).toBeGreaterThanOrEqual(8_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(8_800);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });

  it('should treat a negative step as the first', () => {
    expect(backoffDelayMs(-3, POLICY)).toBe(1_000);
  });

  it('should support a constant schedule with factor 1', () => {
    const constant = { ...POLICY, factor: 1 };

    expect([0, 5, 50].map((step) => backoffDelayMs(step, constant))).toEqual([1_000, 1_000, 1_000]);
  });
});
