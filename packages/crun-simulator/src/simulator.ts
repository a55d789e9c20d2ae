import type { Server } from 'node:http';
import type { AssetSpec, AssetStatus, SimulatedAsset } from './asset-types.js';
import type { SimulatorContext } from './context.js';
import type { FaultRule } from './fault-rules.js';
import { parseFaultRules } from './parse-fault-rules.js';
import type { SimulatorStats } from './stats.js';

/** A running simulator and the levers a test pulls on it. */
export interface CrunSimulator {
  /** Base URL such as `http://127.0.0.1:41234`, without a trailing slash. */
  readonly url: string;
  /** Creates an asset and returns its ID. Throws `ValidationError` for a bad spec or a taken ID. */
  addAsset(spec?: AssetSpec): string;
  /** Later reads answer 404, as when Crun deletes an asset. Throws for an unknown ID. */
  removeAsset(assetId: string): void;
  /** Forces a status from now on, whatever the lifecycle says. Throws for an unknown ID. */
  setStatus(assetId: string, status: AssetStatus): void;
  /** A copy of the record, removed assets included; undefined if the ID was never created. */
  getAsset(assetId: string): SimulatedAsset | undefined;
  /** Replaces the accepted keys, e.g. to rotate so the old key gets 401. */
  setApiKeys(keys: readonly string[]): void;
  /** `false`: every authenticated call to a known endpoint answers 402 until set back. */
  setCredits(available: boolean): void;
  /** Replaces the active fault rules. Throws `ValidationError` for a bad rule. */
  injectFaults(rules: readonly FaultRule[]): void;
  clearFaults(): void;
  /** Live counters; the same object across `resetStats`. */
  readonly stats: SimulatorStats;
  resetStats(): void;
  /** Stops listening and destroys every open socket, hung requests included. */
  close(): Promise<void>;
}

export class SimulatorHandle implements CrunSimulator {
  readonly url: string;
  readonly #ctx: SimulatorContext;
  readonly #server: Server;
  #closing: Promise<void> | undefined;

  constructor(ctx: SimulatorContext, server: Server, url: string) {
    this.#ctx = ctx;
    this.#server = server;
    this.url = url;
  }

  get stats(): SimulatorStats {
    return this.#ctx.stats;
  }

  addAsset(spec?: AssetSpec): string {
    return this.#ctx.assets.add(spec).assetId;
  }

  removeAsset(assetId: string): void {
    this.#ctx.assets.remove(assetId);
  }

  setStatus(assetId: string, status: AssetStatus): void {
    this.#ctx.assets.force(assetId, status);
  }

  getAsset(assetId: string): SimulatedAsset | undefined {
    const asset = this.#ctx.assets.get(assetId);
    return asset === undefined ? undefined : { ...asset };
  }

  setApiKeys(keys: readonly string[]): void {
    this.#ctx.access.setKeys(keys);
  }

  setCredits(available: boolean): void {
    this.#ctx.access.creditsAvailable = available;
  }

  injectFaults(rules: readonly FaultRule[]): void {
    this.#ctx.faults.replace(parseFaultRules(rules));
  }

  clearFaults(): void {
    this.#ctx.faults.clear();
  }

  resetStats(): void {
    this.#ctx.stats.reset();
  }

  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve, reject) => {
      this.#ctx.timers.cancelAll();
      this.#server.close((error) => (error === undefined ? resolve() : reject(error)));
      // close() alone would wait for keep-alive and hung sockets to end by themselves.
      this.#server.closeAllConnections();
    });

    return this.#closing;
  }
}
