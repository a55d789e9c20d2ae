import type { Redis } from 'ioredis';

import {
  ASSET_OUTCOMES,
  assetIndexKey,
  assetRecordKey,
  DEFAULT_REGISTRY_RETENTION_MS,
  outcomeOf,
} from '../registry/registry-keys.js';
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
 * The same step writes the asset's registry record (`{ id, event }`, expiring
 * after the retention) and files the asset under its outcome, removing it
 * from the other outcomes and dropping entries older than the retention.
 * Doing it here, atomically, means a reader never sees an event without its
 * record, nor a record without its event.
 *
 * KEYS: job hash, event stream, record, then one index per outcome.
 * ARGV: channel, max stream length, event type, asset ID, event JSON,
 * retention (ms), resolution time (ms), oldest score kept, outcome position
 * (1-based, among the index KEYS).
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
local delivered = '{"id":"' .. id .. '","event":' .. ARGV[5] .. '}'
redis.call('SET', KEYS[3], delivered, 'PX', ARGV[6])
local own = 3 + tonumber(ARGV[9])
for index = 4, #KEYS do
  if index == own then
    redis.call('ZADD', KEYS[index], ARGV[7], ARGV[4])
  else
    redis.call('ZREM', KEYS[index], ARGV[4])
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[index], '-inf', '(' .. ARGV[8])
end
redis.call('PUBLISH', ARGV[1], delivered)
return id
`;

type PublishOnce = (...keysThenArgs: (string | number)[]) => Promise<string | null>;

export interface EventPublisherOptions {
  /**
   * How long the registry keeps a finished asset's record, in ms; the record
   * expires and leaves the outcome listings after this. @default 604800000 (7 days)
   */
  registryRetentionMs?: number | undefined;
}

/** Publishes readiness events for one tracker location. */
export class EventPublisher {
  readonly #redis: Redis & { crunPublishAssetEvent?: PublishOnce };
  readonly #location: TrackingLocation;
  readonly #maxLength: number;
  readonly #retentionMs: number;

  /**
   * @param maxLength Approximate number of events the stream keeps; older
   *   ones are trimmed.
   */
  constructor(
    redis: Redis,
    location: TrackingLocation,
    maxLength: number,
    options: EventPublisherOptions = {},
  ) {
    if (!Number.isInteger(maxLength) || maxLength < 1) {
      throw new TypeError('EventPublisher: `maxLength` must be a positive integer');
    }

    const retentionMs = options.registryRetentionMs ?? DEFAULT_REGISTRY_RETENTION_MS;
    if (!Number.isInteger(retentionMs) || retentionMs < 1) {
      throw new TypeError('EventPublisher: `registryRetentionMs` must be a positive integer');
    }

    redis.defineCommand('crunPublishAssetEvent', {
      numberOfKeys: 3 + ASSET_OUTCOMES.length,
      lua: PUBLISH_ONCE_SCRIPT,
    });
    this.#redis = redis;
    this.#location = location;
    this.#maxLength = maxLength;
    this.#retentionMs = retentionMs;
  }

  /** Publishes `event` once for its tracking; see the script above for the rules. */
  async publish(event: AssetEvent): Promise<string | null> {
    const publishOnce = this.#redis.crunPublishAssetEvent as PublishOnce;
    const location = this.#location;
    const resolvedAtMs = Date.parse(event.resolvedAt);
    const score = Number.isNaN(resolvedAtMs) ? Date.now() : resolvedAtMs;

    return publishOnce.call(
      this.#redis,
      jobKey(location, event.assetId),
      eventStreamKey(location),
      assetRecordKey(location, event.assetId),
      ...ASSET_OUTCOMES.map((outcome) => assetIndexKey(location, outcome)),
      eventChannel(location),
      this.#maxLength,
      event.type,
      event.assetId,
      JSON.stringify(event),
      this.#retentionMs,
      score,
      score - this.#retentionMs,
      ASSET_OUTCOMES.indexOf(outcomeOf(event.type)) + 1,
    );
  }
}
