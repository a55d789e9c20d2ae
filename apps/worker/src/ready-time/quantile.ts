/**
 * The `q` quantile (0..1) of `samples` by the nearest-rank method, or
 * `undefined` for no samples. Sorts a copy; samples are a few hundred at most.
 */
export function quantile(samples: readonly number[], q: number): number | undefined {
  if (samples.length === 0) {
    return undefined;
  }

  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}
