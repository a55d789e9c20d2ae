import { afterEach, beforeEach } from 'vitest';

import {
  EventPublisher,
  openTrackingQueue,
  type TrackingLocation,
  type TrackingQueue,
} from '../../src/index.js';
import { newLocation } from './fixtures.js';
import { type SuiteRedis, useSuiteRedis } from './suite-redis.js';

/** What a suite's tests share: set by the hooks `useTrackingSuite` registers. */
export interface TrackingSuite extends SuiteRedis {
  /** A fresh queue location for each test. */
  location: TrackingLocation;
  queue: TrackingQueue;
  publisher: EventPublisher;
}

/**
 * A Redis of the file's own, and for each test a new queue location, its
 * queue and a publisher, obliterated after the test.
 */
export function useTrackingSuite(name: string): TrackingSuite {
  const suite = useSuiteRedis<TrackingSuite>();

  beforeEach(() => {
    suite.location = newLocation(name);
    suite.queue = openTrackingQueue(suite.connection, suite.location);
    suite.publisher = new EventPublisher(suite.connection, suite.location, 1000);
  });

  afterEach(async () => {
    await suite.queue.obliterate({ force: true });
    await suite.queue.close();
  });

  return suite;
}
