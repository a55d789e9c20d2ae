import type { LifecycleOptions } from './asset-types.js';
import type { ResponseStyle } from './envelope.js';
import { randomSeed } from './random.js';
import type { TimestampStyle } from './timestamps.js';
import { checkNumber, checkStringList } from './validation.js';

export interface SimulatorOptions {
  /**
   * Interface to listen on. Default `'127.0.0.1'`: keep it on loopback, the
   * `/_simulator/` control routes have no auth.
   */
  host?: string;
  /** TCP port. Default `0`: a free port, read it back from `url`. */
  port?: number;
  /** Keys accepted in the `x-api-key` header. Default `['sim-key']`. */
  apiKeys?: readonly string[];
  /**
   * Whether error codes are also the HTTP status (`'http'`, 455 included) or travel only
   * in the body under HTTP 200 (`'body'`). Default `'http'`.
   */
  errorStyle?: ResponseStyle;
  /**
   * Form of `CreateTime`/`UpdateTime`. Default `'alternate'`: ISO for the 1st asset
   * created, epoch seconds for the 2nd, and so on, so clients meet both.
   */
  timestampStyle?: TimestampStyle | 'alternate';
  /** Seeds fault probabilities, default lifecycles and asset IDs. Default: random per start. */
  seed?: number;
  /**
   * Lifecycle of uploads and of `addAsset` without `processingMs`.
   * Default 2000 to 8000 ms of processing, failure rate 0.1.
   */
  defaultLifecycle?: LifecycleOptions;
  /** Clock in ms since the epoch, for lifecycles, timestamps and stats. Default `Date.now`. */
  now?: () => number;
  /** Whether to serve the `/_simulator/` control routes. Default `true`. */
  controlRoutes?: boolean;
}

export type ResolvedOptions = Required<Omit<SimulatorOptions, 'apiKeys'>> & {
  apiKeys: string[];
};

export const DEFAULT_LIFECYCLE: Readonly<LifecycleOptions> = {
  minProcessingMs: 2000,
  maxProcessingMs: 8000,
  failureRate: 0.1,
};

/** Fills in defaults and rejects impossible values early, with a `ValidationError`. */
export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const defaultLifecycle = options.defaultLifecycle ?? DEFAULT_LIFECYCLE;

  checkNumber(options.port ?? 0, 'port', { max: 65_535, integer: true });
  checkNumber(defaultLifecycle.minProcessingMs, 'minProcessingMs');
  checkNumber(defaultLifecycle.maxProcessingMs, 'maxProcessingMs', {
    min: defaultLifecycle.minProcessingMs,
  });
  checkNumber(defaultLifecycle.failureRate, 'failureRate', { max: 1 });

  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    apiKeys: checkStringList(options.apiKeys ?? ['sim-key'], 'apiKeys'),
    errorStyle: options.errorStyle ?? 'http',
    timestampStyle: options.timestampStyle ?? 'alternate',
    seed: options.seed ?? randomSeed(),
    defaultLifecycle: { ...defaultLifecycle },
    now: options.now ?? Date.now,
    controlRoutes: options.controlRoutes ?? true,
  };
}
