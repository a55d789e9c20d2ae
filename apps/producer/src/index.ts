export type { EnqueueReport, EnqueueResult } from './enqueue-assets.js';
export { enqueueAssets } from './enqueue-assets.js';
export type { EnqueueItem } from './enqueue-item.js';
export { MAX_METADATA_BYTES, validateItem } from './enqueue-item.js';
export type { ProducerOptions } from './producer.js';
export { AssetProducer } from './producer.js';
export { RedisUnavailableError } from './redis-unavailable-error.js';
