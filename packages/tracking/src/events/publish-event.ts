import type { Redis } from 'ioredis';

import { eventChannel, eventStreamKey, jobKey, type TrackingLocation } from '../tracking-keys.js';
import type { AssetEvent } from './asset-event.js';

/** Field of the job hash that remembers the event published for this tracking. */
const PUBLISHED_FIELD = 'crunEventId';

/**
 * Appends the event to the stream and announces it, at most once per
 * tracking: the stream entry's ID is written into the job's own hash, so a
 * worker that dies between publishing and completing the job, or a stalled
 * job picked up by another worker, finds it there and publishes nothing new.
 * When the job no longer exists the tracking was cancelled and nothing is
 * published. Returns the entry ID, old or new, or null.
 *
 * KEYS: job hash, event stream. ARGV: channel, max stream length, event type,
 * asset ID, event JSON.
 */
const PUBLISH_ONCE_SCRIPT = `
local published = redis.call('HGET', KEYS[1], '${PUBLISHED_FIELD}')
if published then
  return published
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  return false
end
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*',
  'type', ARGV[3], 'assetId', ARGV[4], 'event', ARGV[5])
redis.call('HSET', KEYS[1], '${PUBLISHED_FIELD}', id)
redis.call('PUBLISH', ARGV[1], '{"id":"' .. id .. '","event":' .. ARGV[5] .. '}')
return id
`;

type PublishOnce = (
  jobHash: string,
  stream: string,
  channel: string,
  maxLength: number,
  type: string,
  assetId: string,
  json: string,
) => Promise<string | null>;

/** Publishes readiness events for one tracker location. */
export class EventPublisher {
  readonly #redis: Redis & { crunPublishAssetEvent?: PublishOnce };
  readonly #location: TrackingLocation;
  readonly #maxLength: number;

  /**
   * @param maxLength Approximate number of events the stream keeps; older
   *   ones are trimmed.
   */
  constructor(redis: Redis, location: TrackingLocation, maxLength: number) {
    if (!Number.isInteger(maxLength) || maxLength < 1) {
      throw new TypeError('EventPublisher: `maxLength` must be a positive integer');
    }

    redis.defineCommand('crunPublishAssetEvent', { numberOfKeys: 2, lua: PUBLISH_ONCE_SCRIPT });
    this.#redis = redis;
    this.#location = location;
    this.#maxLength = maxLength;
  }

  /** Publishes `event` once for its tracking; see the script above for the rules. */
  async publish(event: AssetEvent): Promise<string | null> {
    const publishOnce = this.#redis.crunPublishAssetEvent as PublishOnce;
    return publishOnce.call(
      this.#redis,
      jobKey(this.#location, event.assetId),
      eventStreamKey(this.#location),
      eventChannel(this.#location),
      this.#maxLength,
      event.type,
      event.assetId,
      JSON.stringify(event),
    );
  }
}
