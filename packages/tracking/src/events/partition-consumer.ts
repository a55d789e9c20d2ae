import { hostname } from 'node:os';

import { duplicateClient, type RedisClient } from '../redis-client.js';

import { type FeedAnyAssetEvent, isAssetNotice, parseAnyAssetEvent } from './asset-event.js';
import type { AnyAssetEventConsumerOptions, AssetEventConsumer } from './consumer-options.js';
import { entryField } from './stream-entry.js';

/** A stream entry as XREADGROUP or XAUTOCLAIM return it: fields are null once trimmed. */
type ClaimedEntry = [id: string, fields: string[] | null];

const RETRY_AFTER_ERROR_MS = 1_000;

/**
 * The consumer of one partition's stream: a read loop with a blocking
 * connection of its own, which takes over idle entries with XAUTOCLAIM and
 * acknowledges each entry once handled. See `startAssetEventConsumer`.
 */
export class PartitionConsumer implements AssetEventConsumer {
  readonly group: string;
  readonly consumer: string;
  readonly #redis: RedisClient;
  readonly #reader: RedisClient;
  readonly #stream: string;
  readonly #partition: number;
  readonly #options: AnyAssetEventConsumerOptions;
  readonly #running: Promise<void>;
  #stopping = false;

  constructor(
    redis: RedisClient,
    stream: string,
    partition: number,
    options: AnyAssetEventConsumerOptions,
  ) {
    this.group = options.group;
    this.consumer = options.consumer ?? `${hostname()}-${process.pid}`;
    this.#redis = redis;
    // Blocking reads get a connection of their own, without a command timeout.
    this.#reader = duplicateClient(redis, { blocking: true });
    this.#reader.on('error', () => {});
    this.#stream = stream;
    this.#partition = partition;
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
    let delivered: FeedAnyAssetEvent;
    try {
      const event = parseAnyAssetEvent(entryField(fields, 'event') ?? '');
      delivered = { id, event, partition: this.#partition };
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
