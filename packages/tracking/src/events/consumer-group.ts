import { hostname } from 'node:os';

import type { Redis } from 'ioredis';

import { eventStreamKey, type TrackingLocation } from '../tracking-keys.js';
import { type DeliveredAnyAssetEvent, isAssetNotice, parseAnyAssetEvent } from './asset-event.js';
import type {
  AnyAssetEventConsumerOptions,
  AssetEventConsumer,
  AssetEventConsumerOptions,
} from './consumer-options.js';

export type {
  AnyAssetEventConsumerOptions,
  AssetEventConsumer,
  AssetEventConsumerOptions,
} from './consumer-options.js';

import { entryField } from './stream-entry.js';

/** A stream entry as XREADGROUP or XAUTOCLAIM return it: fields are null once trimmed. */
type ClaimedEntry = [id: string, fields: string[] | null];

const RETRY_AFTER_ERROR_MS = 1_000;

/**
 * Consumes readiness events through a Redis consumer group, at least once:
 * each event goes to one consumer of the group, which acknowledges it only
 * after its handler succeeded. Entries a consumer left unacknowledged (it
 * crashed, or its handler threw) are taken over with XAUTOCLAIM once idle
 * for `reclaimIdleMs`, by whichever consumer looks first, this one included.
 * Resolves once the group exists and reading has begun. Notices are
 * handled only with `notices: true`; otherwise acknowledged and skipped.
 */
export function startAssetEventConsumer(
  redis: Redis,
  location: TrackingLocation,
  options: AssetEventConsumerOptions,
): Promise<AssetEventConsumer>;
export function startAssetEventConsumer(
  redis: Redis,
  location: TrackingLocation,
  options: AnyAssetEventConsumerOptions,
): Promise<AssetEventConsumer>;
export async function startAssetEventConsumer(
  redis: Redis,
  location: TrackingLocation,
  options: AssetEventConsumerOptions | AnyAssetEventConsumerOptions,
): Promise<AssetEventConsumer> {
  const stream = eventStreamKey(location);
  try {
    await redis.xgroup('CREATE', stream, options.group, options.startAt ?? '$', 'MKSTREAM');
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) {
      throw error;
    }
  }

  // Notices reach the handler only when it asked for them (checked per entry).
  return new GroupConsumer(redis, stream, options as AnyAssetEventConsumerOptions);
}

/**
 * Moves the group's position back (or forward) so that the entries after
 * `afterId` are delivered to it again: `'0'` replays all the stream keeps.
 * Entries already pending stay pending.
 */
export async function rewindConsumerGroup(
  redis: Redis,
  location: TrackingLocation,
  group: string,
  afterId: string,
): Promise<void> {
  await redis.xgroup('SETID', eventStreamKey(location), group, afterId);
}

class GroupConsumer implements AssetEventConsumer {
  readonly group: string;
  readonly consumer: string;
  readonly #redis: Redis;
  readonly #reader: Redis;
  readonly #stream: string;
  readonly #options: AnyAssetEventConsumerOptions;
  readonly #running: Promise<void>;
  #stopping = false;

  constructor(redis: Redis, stream: string, options: AnyAssetEventConsumerOptions) {
    this.group = options.group;
    this.consumer = options.consumer ?? `${hostname()}-${process.pid}`;
    this.#redis = redis;
    // Blocking reads get a connection of their own, without a command timeout.
    this.#reader = redis.duplicate({ commandTimeout: undefined });
    this.#reader.on('error', () => {});
    this.#stream = stream;
    this.#options = options;
    this.#running = this.#run();
  }

  async close(): Promise<void> {
    this.#stopping = true;
    // Cuts a blocking read short; entries it was delivering stay pending and
    // are taken over later, so nothing is lost.
    this.#reader.disconnect();
    await this.#running;
  }

  async #run(): Promise<void> {
    let reclaimAt = 0;
    while (!this.#stopping) {
      try {
        if (Date.now() >= reclaimAt) {
          await this.#reclaim();
          reclaimAt = Date.now() + (this.#options.reclaimIntervalMs ?? 10_000);
        }

        await this.#readNew(Math.min(this.#options.blockMs ?? 5_000, reclaimAt - Date.now()));
      } catch (error) {
        if (!this.#stopping) {
          this.#options.onError?.(error);
          await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_ERROR_MS));
        }
      }
    }
  }

  /** Takes over entries idle for `reclaimIdleMs`, whoever holds them, and handles them. */
  async #reclaim(): Promise<void> {
    const idleMs = this.#options.reclaimIdleMs ?? 60_000;
    const count = this.#options.batchSize ?? 50;
    let cursor = '0-0';
    do {
      const [next, entries] = (await this.#redis.xautoclaim(
        this.#stream,
        this.group,
        this.consumer,
        idleMs,
        cursor,
        'COUNT',
        count,
      )) as [string, ClaimedEntry[]];
      await this.#handle(entries);
      cursor = next;
    } while (cursor !== '0-0' && !this.#stopping);
  }

  async #readNew(blockMs: number): Promise<void> {
    const reply = await this.#reader.xreadgroup(
      'GROUP',
      this.group,
      this.consumer,
      'COUNT',
      this.#options.batchSize ?? 50,
      'BLOCK',
      Math.max(1, blockMs),
      'STREAMS',
      this.#stream,
      '>',
    );
    await this.#handle((reply?.[0]?.[1] ?? []) as ClaimedEntry[]);
  }

  async #handle(entries: ClaimedEntry[]): Promise<void> {
    for (const [id, fields] of entries) {
      // Null when trimmed from the stream while pending: nothing left to handle.
      if (fields !== null) {
        await this.#handleEntry(id, fields);
      }
    }
  }

  async #handleEntry(id: string, fields: string[]): Promise<void> {
    let delivered: DeliveredAnyAssetEvent;
    try {
      delivered = { id, event: parseAnyAssetEvent(entryField(fields, 'event') ?? '') };
    } catch (error) {
      // It would fail the same way forever: acknowledge it and say so.
      this.#options.onError?.(error);
      await this.#redis.xack(this.#stream, this.group, id);
      return;
    }

    if (isAssetNotice(delivered.event) && this.#options.notices !== true) {
      await this.#redis.xack(this.#stream, this.group, id);
      return;
    }

    try {
      await this.#options.handler(delivered);
    } catch (error) {
      this.#options.onError?.(error, delivered);
      return;
    }

    await this.#redis.xack(this.#stream, this.group, id);
  }
}
