/**
 * Fields the tracker keeps in an asset's BullMQ job hash beside BullMQ's own.
 * Each is written only when it is needed, so a plain tracking costs no more
 * than its job: the hash is the asset's only record while it is in flight.
 */

/** The stream entry ID of the event that ended this tracking; set once, by a Lua script. */
export const PUBLISHED_FIELD = 'crunEventId';

/**
 * The metadata of later enqueuers of the same tracking, one canonical JSON
 * object per line (JSON text never holds a raw newline). Absent until a
 * second pipeline enqueues the asset with metadata of its own.
 */
export const EXTRA_METADATA_FIELD = 'crunMeta';

/**
 * Most distinct metadata one tracking carries, the first enqueuer's
 * included; each is at most 4 KiB, so the field stays under 28 KiB.
 */
export const MAX_METADATA_LIST = 8;
