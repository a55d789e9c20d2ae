import type { ChildProcess } from 'node:child_process';

import type { RespValue } from './resp.js';

/** Every node listens on loopback only. */
export const HOST = '127.0.0.1';

export interface ClusterNodeAddress {
  readonly host: string;
  readonly port: number;
}

/** A node as the cluster's own table names it. */
export interface ClusterNodeInfo extends ClusterNodeAddress {
  /** The 40-character node ID. */
  readonly id: string;
}

/** A master that serves slots, with the replicas the cluster counts as healthy. */
export interface ClusterMaster extends ClusterNodeInfo {
  /** Inclusive `[first, last]` slot ranges, in order. */
  readonly slots: readonly (readonly [number, number])[];
  readonly replicas: readonly ClusterNodeInfo[];
}

/** What `waitForFailover` saw happen. */
export interface ClusterFailover {
  /** The master that went down, with the slots it served. */
  readonly failed: ClusterMaster;
  /** The replica that took its slots over. */
  readonly promoted: ClusterNodeInfo;
  /** From the kill until the cluster was ready again. */
  readonly elapsedMs: number;
}

export interface TestClusterOptions {
  /** Masters, each serving an equal share of the slots. At least 3 (Redis Cluster's minimum). */
  masters?: number;
  /** Replicas of each master. Default 1; a failover needs at least one. */
  replicasPerMaster?: number;
  /**
   * `cluster-node-timeout`: how long a node may be silent before it counts as
   * failing. Default 1000 ms; a failover takes about two to three times it.
   */
  nodeTimeoutMs?: number;
  /** Limit for the whole start, processes, join and ready check. Default 30 s. */
  startTimeoutMs?: number;
  /** `redis-server` binary; default `REDIS_SERVER_BIN`, else `redis-server` on the PATH. */
  redisServerBin?: string;
  /** `redis-cli` binary; default `REDIS_CLI_BIN`, else `redis-cli` on the PATH. */
  redisCliBin?: string;
  /** More `redis-server` arguments for every node, e.g. `['--maxmemory', '64mb']`. */
  extraServerArgs?: readonly string[];
}

/** A Redis Cluster of `redis-server` child processes that belongs to one test suite. */
export interface TestCluster {
  /** Every node, masters and replicas as started: a seed list for a cluster client. */
  readonly nodes: readonly ClusterNodeAddress[];
  /** The current masters that serve slots, in slot order, as a live node reports them. */
  masters(): Promise<ClusterMaster[]>;
  /**
   * What keeps the cluster from being ready, as sentences; empty when every
   * running node reports `cluster_state:ok`, all 16384 slots are served by
   * running masters that every node agrees on, and every other running node
   * is a replica whose link to its master is up.
   */
  problems(): Promise<string[]>;
  /** Resolves once `problems()` is empty; rejects with the last problems after `timeoutMs`. */
  waitUntilReady(timeoutMs?: number): Promise<void>;
  /**
   * Kills a master with SIGKILL, like a crash. `target` is an index into
   * `masters()` (default 0) or a node's port. Resolves with the master as it
   * was; `waitForFailover` then waits for its replica to take over.
   */
  killMaster(target?: number): Promise<ClusterMaster>;
  /**
   * Resolves once a replica of every master that was killed or stopped
   * since the last call serves that master's slots and the cluster is ready.
   */
  waitForFailover(timeoutMs?: number): Promise<ClusterFailover>;
  /** `killMaster` then `waitForFailover`. */
  killMasterAndWaitForFailover(target?: number, timeoutMs?: number): Promise<ClusterFailover>;
  /**
   * Resolves once every running replica has processed the replication stream
   * up to where its master was when called. Writes acknowledged before this
   * call survive a master's death afterwards; without it, replication is
   * asynchronous and the newest writes can be lost in a failover.
   */
  waitForReplication(timeoutMs?: number): Promise<void>;
  /** Stops a node: SIGTERM (default; the AOF is flushed) or SIGKILL. */
  stopNode(port: number, signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts a stopped node again on its port with its data and `nodes.conf`; it rejoins. */
  startNode(port: number): Promise<void>;
  /** `stopNode` (SIGTERM) then `startNode`. */
  restartNode(port: number): Promise<void>;
  /** Whether the node's process is running. */
  isRunning(port: number): boolean;
  /** Sends one command to one node (no redirects), e.g. `call(port, 'CLUSTER', 'INFO')`. */
  call(port: number, ...args: (string | number)[]): Promise<RespValue>;
  /** Kills every node and removes their data. Safe to call twice. */
  close(): Promise<void>;
}

export interface ClusterNodeProcess {
  port: number;
  readonly dir: string;
  child: ChildProcess | undefined;
}

/** One line of CLUSTER NODES. */
export interface TableEntry extends ClusterNodeInfo {
  readonly flags: readonly string[];
  /** The master's ID for a replica, else undefined. */
  readonly masterId: string | undefined;
  readonly slots: [number, number][];
}
