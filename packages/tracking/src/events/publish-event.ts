import type { RedisClient } from '../redis-client.js';

import {
  ASSET_OUTCOMES,
  assetIndexKey,
  assetRecordKey,
  DEFAULT_REGISTRY_RETENTION_MS,
  outcomeOf,
} from '../registry/registry-keys.js';
import { eventChannel, eventStreamKey, jobKey, type TrackingLocation } from '../tracking-keys.js';
import type { AnyAssetEvent, AnyAssetEventType, AssetNotice } from './asset-event.js';
import { PUBLISH_SCRIPT } from './publish-script.js';

type PublishCommand = (
  ...keysThenArgs: (string | number)[]
) => Promise<[id: string, fresh: number, earlierType?: string] | null>;

export interface EventPublisherOptions {
  /**
   * How long the registry keeps a finished asset's record, in ms; the record
   * expires and leaves the outcome listings after this. @default 604800000 (7 days)
   */
  registryRetentionMs?: number | undefined;
}

/** What `publishOnce` did: published `id` now, or found the tracking's earlier event `id`. */
export interface PublishResult {
  id: string;
  published: boolean;
  /**
   * The type of the event `id`: this one's when published, else the earlier
   * one's (`asset.cancelled` when a cancel came first), or null once trimmed.
   */
  type: AnyAssetEventType | null;
}

/** Publishes readiness events for one tracker location. */
export class EventPublisher {
  readonly #redis: RedisClient & { crunPublishAssetEvent?: PublishCommand };
  readonly #location: TrackingLocation;
  readonly #maxLength: number;
  readonly #retentionMs: number;

  /**
   * @param maxLength Approximate number of events the stream keeps; older
   *   ones are trimmed.
   */
  constructor(
    redis: RedisClient,
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
      lua: PUBLISH_SCRIPT,
    });
    this.#redis = redis;
    this.#location = location;
    this.#maxLength = maxLength;
    this.#retentionMs = retentionMs;
  }

  /**
   * Publishes the event that ends its tracking (`event.trackingId`), once;
   * returns the entry ID, new or earlier, or null when the tracking's job is
   * gone, failed, or another tracking's. See `PUBLISH_SCRIPT`.
   */
  async publish(event: AnyAssetEvent): Promise<string | null> {
    return (await this.publishOnce(event))?.id ?? null;
  }

  /** `publish`, saying whether this call published or found an earlier event. */
  async publishOnce(event: AnyAssetEvent): Promise<PublishResult | null> {
    const reply = await this.#run(event, 'job', event.trackingId);
    if (!reply) {
      return null;
    }

    const [id, fresh, earlierType] = reply;
    const type = fresh === 1 ? event.type : ((earlierType || null) as AnyAssetEventType | null);
    return { id, published: fresh === 1, type };
  }

  /**
   * Publishes a notice about a finished asset only while its registry record
   * is still the event `replacesEventId`; returns the new entry ID, or null
   * when the record changed meanwhile (someone else published first).
   */
  async publishFinding(notice: AssetNotice, replacesEventId: string): Promise<string | null> {
    const reply = await this.#run(notice, 'record', replacesEventId);
    return reply?.[1] === 1 ? reply[0] : null;
  }

  #run(event: AnyAssetEvent, guard: 'job' | 'record', guardValue: string) {
    const run = this.#redis.crunPublishAssetEvent as PublishCommand;
    const location = this.#location;
    const resolvedAtMs = Date.parse(event.resolvedAt);
    const score = Number.isNaN(resolvedAtMs) ? Date.now() : resolvedAtMs;

    return run.call(
      this.#redis,
      jobKey(location, event.assetId),
      eventStreamKey(location),
      assetRecordKey(location, event.assetId),
      ...ASSET_OUTCOMES.map((outcome) => assetIndexKey(location, outcome)),
      eventChannel(location),
      this.#maxLength,
      event.type,
      event.assetId,
      serializeEvent(event),
      this.#retentionMs,
      score,
      score - this.#retentionMs,
      ASSET_OUTCOMES.indexOf(outcomeOf(event.type)) + 1,
      guard,
      guardValue,
    );
  }
}

/**
 * The event as JSON with `metadataList` last, so the script can append the
 * metadata of later enqueuers before its closing `]}`.
 */
function serializeEvent(event: AnyAssetEvent): string {
  const { metadataList, ...rest } = event;
  const first = event.metadata ? [event.metadata] : [];
  return JSON.stringify({ ...rest, metadataList: metadataList ?? first });
}
