/** A source of uniform numbers in [0, 1), like `Math.random`. */
export type Random = () => number;

/**
 * mulberry32: tiny and fast. What matters here is that one seed replays the
 * same sequence in every run, not statistical quality.
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * One independent stream per concern, so that, say, creating one more asset
 * does not shift every later fault roll of a seeded run.
 */
export function deriveRandom(seed: number, stream: number): Random {
  return createRandom(Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + stream * 0x85ebca6b);
}

/** A fresh seed for runs that did not ask for one. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4_294_967_296);
}
