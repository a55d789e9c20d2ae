import { describe, expect, it } from 'vitest';

import { FaultBreaker } from '../src/fleet/fault-breaker.js';

const POLICY = { threshold: 3, initialOpenMs: 1_000, maxOpenMs: 5_000 };

describe('FaultBreaker', () => {
  it('should open on the threshold-th fault in a row, and double on each reopening', () => {
    const breaker = new FaultBreaker(POLICY);
    const pauses = Array.from({ length: 12 }, () => breaker.recordFault());

    expect(pauses).toEqual([
      undefined,
      undefined,
      1_000,
      undefined,
      undefined,
      2_000,
      undefined,
      undefined,
      4_000,
      undefined,
      undefined,
      5_000,
    ]);
  });

  it('should start over after a success, and say the success closed it', () => {
    const breaker = new FaultBreaker(POLICY);
    breaker.recordFault();
    breaker.recordFault();
    breaker.recordFault();

    expect(breaker.recordSuccess()).toBe(true);
    expect(breaker.recordSuccess()).toBe(false);
    expect([breaker.recordFault(), breaker.recordFault(), breaker.recordFault()]).toEqual([
      undefined,
      undefined,
      1_000,
    ]);
  });

  it('should not open on faults separated by successes', () => {
    const breaker = new FaultBreaker(POLICY);
    for (let round = 0; round < 10; round += 1) {
      expect(breaker.recordFault()).toBeUndefined();
      expect(breaker.recordFault()).toBeUndefined();
      breaker.recordSuccess();
    }
  });
});
