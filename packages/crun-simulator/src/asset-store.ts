import { createAssetId } from './asset-id.js';
import { parseAssetSpec } from './asset-spec.js';
import type {
  AssetOutcome,
  AssetSpec,
  AssetStatus,
  LifecycleOptions,
  SimulatedAsset,
} from './asset-types.js';
import type { Random } from './random.js';
import type { TimestampStyle } from './timestamps.js';
import { ValidationError } from './validation.js';

export interface AssetStoreOptions {
  now: () => number;
  lifecycle: LifecycleOptions;
  timestampStyle: TimestampStyle | 'alternate';
  /** Draws processing times and outcomes. */
  lifecycleRandom: Random;
  /** Draws ID suffixes. */
  idRandom: Random;
}

/** Every asset the simulator knows, removed ones included so `getAsset` can still explain a 404. */
export class AssetStore {
  readonly #assets = new Map<string, SimulatedAsset>();
  readonly #options: AssetStoreOptions;
  #created = 0;

  constructor(options: AssetStoreOptions) {
    this.#options = options;
  }

  /** Creates an asset; throws `ValidationError` for a bad spec or a taken ID. */
  add(spec: AssetSpec = {}): SimulatedAsset {
    const checked = parseAssetSpec(spec);
    const createdAt = this.#options.now();
    const assetId = checked.assetId ?? this.#newId(createdAt);

    if (this.#assets.get(assetId)?.removed === false) {
      throw new ValidationError(`asset ${assetId} already exists`);
    }

    const assetType = checked.assetType ?? 'Image';
    const { processingMs, outcome } = this.#lifecycleFor(checked);
    const asset: SimulatedAsset = {
      assetId,
      name: checked.name ?? `simulated-${assetType.toLowerCase()}-${this.#created + 1}`,
      assetType,
      createdAt,
      readyAt: createdAt + processingMs,
      outcome,
      removed: false,
      timestampStyle: checked.timestampStyle ?? this.#nextTimestampStyle(),
    };

    this.#created += 1;
    this.#assets.set(assetId, asset);
    return asset;
  }

  /** The live record, removed or not. */
  get(assetId: string): SimulatedAsset | undefined {
    return this.#assets.get(assetId);
  }

  /** The record an API read may see: not removed. */
  find(assetId: string): SimulatedAsset | undefined {
    const asset = this.#assets.get(assetId);
    return asset?.removed === false ? asset : undefined;
  }

  remove(assetId: string): void {
    this.#require(assetId).removed = true;
  }

  force(assetId: string, status: AssetStatus): void {
    const asset = this.#require(assetId);
    asset.forcedStatus = status;
    asset.forcedAt = this.#options.now();
  }

  #require(assetId: string): SimulatedAsset {
    const asset = this.#assets.get(assetId);

    if (asset === undefined) {
      throw new Error(`unknown asset ${assetId}`);
    }

    return asset;
  }

  #newId(createdAt: number): string {
    // Five base-36 characters leave room for collisions within one second; retry rather than reuse.
    let assetId = createAssetId(createdAt, this.#options.idRandom);

    while (this.#assets.has(assetId)) {
      assetId = createAssetId(createdAt, this.#options.idRandom);
    }

    return assetId;
  }

  #lifecycleFor(spec: AssetSpec): { processingMs: number; outcome: AssetOutcome } {
    if (spec.processingMs !== undefined) {
      return { processingMs: spec.processingMs, outcome: spec.outcome ?? 'Active' };
    }

    // Both draws always happen so that a given outcome does not shift the seeded sequence.
    const { minProcessingMs, maxProcessingMs, failureRate } = this.#options.lifecycle;
    const random = this.#options.lifecycleRandom;
    const processingMs =
      minProcessingMs + Math.floor(random() * (maxProcessingMs - minProcessingMs));
    const drawn: AssetOutcome = random() < failureRate ? 'Failed' : 'Active';

    return { processingMs, outcome: spec.outcome ?? drawn };
  }

  #nextTimestampStyle(): TimestampStyle {
    const style = this.#options.timestampStyle;

    if (style !== 'alternate') {
      return style;
    }

    return this.#created % 2 === 0 ? 'iso' : 'epoch';
  }
}
