import { describe, expect, it } from 'vitest';

import { limiterWindowFor, UNLIMITED_RATE } from '../src/fleet/limiter-window.js';

/** The most reads any sliding second can hold under fixed windows. */
function worstSlidingSecond(max: number, duration: number): number {
  return max * (Math.ceil(1000 / duration) + 1);
}

describe('limiterWindowFor', () => {
  it.each([2, 3, 5, 10, 20, 49, 50, 51, 100, 333, 1_000, 5_000])(
    'should keep every sliding second at or under a budget of %i',
    (rate) => {
      const { max, duration } = limiterWindowFor(rate);

      expect(worstSlidingSecond(max, duration)).toBeLessThanOrEqual(Math.max(2, rate * 0.9));
      expect((max * 1000) / duration).toBeGreaterThanOrEqual(rate * 0.75 - 1.5);
    },
  );

  it('should keep windows near 20 ms or longer, whatever the rate', () => {
    for (const rate of [60, 500, 10_000]) {
      expect(limiterWindowFor(rate).duration).toBeGreaterThanOrEqual(20);
    }
  });

  it('should treat budgets below two as two', () => {
    expect(limiterWindowFor(0.5)).toEqual(limiterWindowFor(2));
  });

  it('should leave an unlimited budget practically unlimited', () => {
    expect(limiterWindowFor(UNLIMITED_RATE)).toEqual({ max: UNLIMITED_RATE, duration: 1000 });
  });
});
