/** A Redis that belongs to one test suite, which may stop and restart it at will. */
export interface TestRedis {
  readonly host: string;
  readonly port: number;
  /** `redis://host:port`, ready for ioredis. */
  readonly url: string;
  /** Where it runs: a testcontainers container or a local child process. */
  readonly kind: 'container' | 'process';
  /** Starts it again after `stop` or `kill`, on the same port, with the same data. */
  start(): Promise<void>;
  /** Shuts it down cleanly (SIGTERM): the AOF is flushed. */
  stop(): Promise<void>;
  /** Kills it without warning (SIGKILL), like a crash. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  /**
   * Stops it answering while its connections stay open (SIGSTOP), like a
   * network that silently drops everything; `thaw` lets it go on.
   */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  /** Stops it for good and removes its data. */
  close(): Promise<void>;
}
