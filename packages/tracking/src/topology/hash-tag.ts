/**
 * The part of `key` that Redis Cluster hashes to pick its slot: the text
 * between the first `{` and the next `}`, when that text is not empty.
 * Keys that share a hash tag share a slot, which is what makes a multi-key
 * script or transaction legal in a cluster.
 */
export function hashTagOf(key: string): string | undefined {
  const open = key.indexOf('{');
  if (open === -1) {
    return undefined;
  }

  const close = key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : undefined;
}
