import type { TrackingTopology } from '../topology/tracking-topology.js';
import type { TrackingLocation } from '../tracking-keys.js';

/**
 * Where the event helpers find events: one location, or a whole topology,
 * whose partitions each keep a stream and a channel of their own.
 */
export type EventSource = TrackingLocation | TrackingTopology;

/**
 * The locations whose streams together hold the events of `where`, indexed
 * by partition. A plain location is a feed of one partition, which is also
 * what a topology of one partition is: its home location.
 */
export function partitionsOf(where: EventSource): readonly TrackingLocation[] {
  // Structural, not `instanceof`: two copies of this package may meet in one app.
  return 'partitions' in where ? where.partitions : [where];
}
