/**
 * Where a reader of the event feed stands, as text: one stream position per
 * partition, in partition order, separated by commas, e.g.
 * `1767225600000-0,0-0,1767225600042-1,1767225599000-3`. Each position is an
 * entry ID to resume after, `0` (everything the stream keeps) or `$` (what
 * arrives from now on). With one partition this is a plain entry ID, so a
 * tracker without partitions keeps the cursors it always had.
 *
 * As a `from`, `$` or `0` alone also stands for every partition.
 */
export type FeedPosition = string;

const STREAM_POSITION = /^(\$|\d+(-\d+)?)$/;

/**
 * The position of each of `partitions` partitions in `position`; throws a
 * `RangeError` saying what is wrong.
 */
export function parseFeedPosition(position: FeedPosition, partitions: number): string[] {
  if (position === '$' || position === '0') {
    return Array.from({ length: partitions }, () => position);
  }

  // One partition takes today's entry IDs as they are, unchecked, as it always did.
  if (partitions === 1 && !position.includes(',')) {
    return [position];
  }

  const parts = position.split(',').map((part) => part.trim());
  if (parts.length !== partitions) {
    throw new RangeError(
      `feed position '${position}' has ${parts.length} part(s), but the feed has ${partitions} ` +
        `partitions: give one entry ID, '0' or '$' per partition, comma-separated in partition ` +
        `order (as a feed's position() returns it), or '0' or '$' alone for all of them`,
    );
  }

  const wrong = parts.find((part) => !STREAM_POSITION.test(part));
  if (wrong !== undefined) {
    throw new RangeError(
      `feed position '${position}': '${wrong}' is not an entry ID ` +
        "(like 1767225600000-0), '0' or '$'",
    );
  }

  return parts;
}

/** The text form of per-partition positions, the inverse of `parseFeedPosition`. */
export function formatFeedPosition(positions: readonly string[]): FeedPosition {
  return positions.join(',');
}
