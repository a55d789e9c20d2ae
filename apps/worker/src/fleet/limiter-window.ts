/** The smallest budget the fleet shrinks to, in reads per second. */
export const MIN_RATE_PER_SECOND = 2;

/** Budgets at or above this many reads per second count as unlimited. */
export const UNLIMITED_RATE = 1_000_000;

/**
 * Share of the budget the limiter aims at. The limiter paces the start of
 * each read; scheduling and network jitter can bunch requests on their way,
 * and Crun counts them on arrival.
 */
export const BUDGET_HEADROOM = 0.9;

export interface LimiterWindow {
  /** Reads allowed per window. */
  max: number;
  /** Window length in ms. */
  duration: number;
}

/**
 * BullMQ's limiter counts reads in fixed windows, so a sliding second that
 * straddles two one-second windows could see twice the budget. A second
 * touches at most `ceil(1000 / d) + 1` windows of `d` ms; with `m` reads per
 * window and `n = floor(rate / m)`, windows of `ceil(1000 / (n − 1))` ms keep
 * every sliding second at or under `m·n ≤ rate`, at a nominal rate near
 * `rate − m`, where `rate` is the budget less its headroom. `m` grows with the rate so windows stay near 20 ms instead of
 * shrinking to nothing.
 */
export function limiterWindowFor(ratePerSecond: number): LimiterWindow {
  if (ratePerSecond >= UNLIMITED_RATE) {
    return { max: UNLIMITED_RATE, duration: 1000 };
  }

  const rate = Math.max(MIN_RATE_PER_SECOND, Math.floor(ratePerSecond * BUDGET_HEADROOM));
  const max = Math.ceil(rate / 50);
  const windowsPerSecond = Math.floor(rate / max);
  return { max, duration: Math.ceil(1000 / (windowsPerSecond - 1)) };
}
