import { startTestRedis, type TestRedis } from '@crun/test-redis';
import { EventPublisher } from '@crun/tracking';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { formatWaitSummary, waitWithReport } from '../src/cli/wait-report.js';
import { AssetProducer } from '../src/index.js';
import { terminalEvent } from './helpers/events.js';
import { newLocation } from './helpers/intake.js';

let redis: TestRedis;
let connection: Redis;

beforeAll(async () => {
  redis = await startTestRedis();
  connection = new Redis(redis.url);
});

afterAll(async () => {
  connection.disconnect();
  await redis.close();
});

describe('waitWithReport', () => {
  describe('when output is not a terminal', () => {
    it('should print one line per resolved asset and count outcomes', async () => {
      const producer = new AssetProducer({ redisUrl: redis.url, location: newLocation('cli') });
      const publisher = new EventPublisher(connection, producer.location, 100);
      const report = await producer.enqueue(['asset-c1', 'asset-c2', 'asset-c3']);
      const targets = report.results.map(
        (result) => result as { assetId: string; trackingId: string },
      );
      const lines: string[] = [];

      const waiting = waitWithReport(producer, targets, {
        timeoutMs: 1_000,
        output: { write: (text: string) => lines.push(text), isTTY: false },
      });
      const [first, second] = targets;
      await publisher.publish(terminalEvent('asset-c1', first?.trackingId ?? '', 'asset.ready'));
      await publisher.publish(terminalEvent('asset-c2', second?.trackingId ?? '', 'asset.failed'));
      const waited = await waiting;
      await producer.close();

      expect(lines).toEqual([
        expect.stringMatching(/^asset\.ready\s+asset-c1 /),
        expect.stringMatching(/^asset\.failed\s+asset-c2 /),
      ]);
      expect(waited).toMatchObject({ resolved: 2, pending: ['asset-c3'] });
      expect(formatWaitSummary(waited)).toMatch(
        /^Resolved 2 of 3 in \d+\.\d s: 1 failed, 1 ready; 1 still tracking$/,
      );
    });
  });
});
