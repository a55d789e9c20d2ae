import { describe, expect, it } from 'vitest';

import { quantile } from '../src/ready-time/quantile.js';

describe('quantile', () => {
  it.each([
    [[5], 0.1, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.1, 1],
    [[10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 0.5, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95, 10],
    [[3, 1, 2], 0, 1],
    [[3, 1, 2], 1, 3],
  ])('should take the nearest rank of %j at %f', (samples, q, expected) => {
    expect(quantile(samples, q)).toBe(expected);
  });

  it('should leave its input unsorted and answer undefined for nothing', () => {
    const samples = [3, 1, 2];
    quantile(samples, 0.5);

    expect(samples).toEqual([3, 1, 2]);
    expect(quantile([], 0.5)).toBeUndefined();
  });
});
