const ignore = () => {};

/**
 * One iterator over several: each value as soon as its source has it, the
 * values of one source in that source's order. Each source has at most one
 * `next()` in flight, so none reads far ahead of what is consumed, and the
 * race starts after the last winner, so a busy source cannot starve the
 * others. Ends when every source has ended; throws the first error.
 *
 * When the merge stops early, sources waiting on a read are told to return
 * but not awaited: the caller ends those reads (e.g. by closing their
 * connections), which would otherwise hold the stop up for a whole read.
 */
export async function* mergeIterators<T>(sources: readonly AsyncIterator<T>[]): AsyncGenerator<T> {
  const pending = new Map<number, Promise<{ index: number; result: IteratorResult<T> }>>();
  const arm = (index: number) => {
    const source = sources[index] as AsyncIterator<T>;
    pending.set(
      index,
      source.next().then((result) => ({ index, result })),
    );
  };
  // Sources not yet ended: those racing, and the one whose value is out.
  const live = new Set(sources.keys());
  live.forEach(arm);
  let lastWinner = -1;

  try {
    while (pending.size > 0) {
      const { index, result } = await Promise.race(fairOrder(pending, lastWinner));
      lastWinner = index;
      pending.delete(index);
      if (result.done) {
        live.delete(index);
        continue;
      }

      yield result.value;
      arm(index);
    }
  } finally {
    for (const next of pending.values()) {
      next.catch(ignore);
    }

    for (const index of live) {
      sources[index]?.return?.().catch(ignore);
    }
  }
}

/** The pending reads, starting with the source after `lastWinner`. */
function fairOrder<P>(pending: Map<number, P>, lastWinner: number): P[] {
  const entries = [...pending.entries()];
  const after = entries.filter(([index]) => index > lastWinner);
  const before = entries.filter(([index]) => index <= lastWinner);
  return [...after, ...before].map(([, next]) => next);
}
