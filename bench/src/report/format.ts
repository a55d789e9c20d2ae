/** Number formats of the report: few digits, units spelt out in the column names. */

export function int(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

/** `ours / baseline` as `0.93×`. */
export function ratio(ours: number, baseline: number): string {
  return baseline > 0 && Number.isFinite(ours) ? `${(ours / baseline).toFixed(2)}×` : 'n/a';
}

export function percent(share: number): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(0)} %` : 'n/a';
}

export function ms(value: number): string {
  return Number.isFinite(value) ? `${Math.round(value)} ms` : 'n/a';
}

/**
 * How `ours` compares with `baseline` over alternating rounds: the median
 * of the per-round ratios, since two turns of one round run close in time
 * and share the machine's load of that moment.
 */
export function roundRatio(ours: readonly number[], baseline: readonly number[]): number {
  const ratios = ours.flatMap((value, index) => {
    const base = baseline[index];
    return base !== undefined && base > 0 ? [value / base] : [];
  });
  const sorted = ratios.sort((a, b) => a - b);
  return sorted.length === 0
    ? Number.NaN
    : (sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN);
}

export function times(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a';
}
