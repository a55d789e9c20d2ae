import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { API_KEY, eventsPerAsset, Harness, sleep } from './helpers/harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await Harness.start();
});

afterEach(async () => {
  await harness.closeWorkers();
  harness.simulator.clearFaults();
  harness.simulator.setApiKeys([API_KEY]);
  harness.simulator.setCredits(true);
});

afterAll(() => harness.close());

function linesMatching(pattern: RegExp): string[] {
  return harness.logLines.filter((line) => pattern.test(line));
}

describe('fleet under faults', () => {
  describe('when Crun injects a mix of faults into a run of 1,000 assets', () => {
    it('should end every asset in exactly one event of the right type', async () => {
      const location = harness.newLocation();
      const expected = new Map<string, string>();
      for (let index = 0; index < 1_000; index += 1) {
        const processingMs = Math.floor(Math.random() * 1_500);
        if (index % 50 === 0) {
          expected.set(`asset-missing-${index}`, 'asset.not_found');
        } else if (index % 7 === 0) {
          expected.set(
            harness.simulator.addAsset({ processingMs, outcome: 'Failed' }),
            'asset.failed',
          );
        } else {
          expected.set(
            harness.simulator.addAsset({ processingMs, outcome: 'Active' }),
            'asset.ready',
          );
        }
      }
      harness.simulator.injectFaults([
        { kind: 'rate-limit', count: 4, retryAfter: { seconds: 1 } },
        { kind: 'rate-limit', count: 4, retryAfter: { httpDate: true, seconds: 1 } },
        { kind: 'rate-limit', count: 4, style: 'body' },
        { kind: 'server-error', status: 500, probability: 0.03 },
        { kind: 'server-error', status: 503, probability: 0.02 },
        { kind: 'maintenance', probability: 0.03 },
        { kind: 'maintenance', style: 'body', probability: 0.01 },
        { kind: 'hang', ms: 1_000, probability: 0.01 },
        { kind: 'reset', probability: 0.02 },
        { kind: 'malformed', body: 'html', probability: 0.01 },
        { kind: 'malformed', body: 'empty', probability: 0.01 },
        { kind: 'malformed', body: 'truncated-json', probability: 0.01 },
        { kind: 'malformed', body: 'unknown-status', probability: 0.01 },
        { kind: 'malformed', body: 'bad-timestamp', probability: 0.01 },
      ]);
      await harness.startWorker(location, { concurrency: 50, clientTimeoutMs: 300 });
      await harness.startWorker(location, { concurrency: 50, clientTimeoutMs: 300 });
      const startedAt = Date.now();

      await harness.producer(location).enqueue([...expected.keys()]);
      const events = await harness.waitForEvents(location, expected.size, 90_000);
      const tookMs = Date.now() - startedAt;

      const perAsset = eventsPerAsset(events);
      const wrong = events.filter(({ event }) => expected.get(event.assetId) !== event.type);
      console.log(
        `chaos: ${expected.size} assets, ${events.length} events in ${tookMs} ms; ` +
          `${harness.simulator.stats.byRoute['asset-info']} reads; ` +
          `faults ${JSON.stringify(harness.simulator.stats.faults)}`,
      );
      expect(perAsset.size).toBe(expected.size);
      expect([...perAsset.values()].filter((count) => count > 1)).toEqual([]);
      expect(wrong.map(({ event }) => `${event.assetId}: ${event.type}`)).toEqual([]);
      const left = await harness.jobsLeft(location);
      expect(Object.values(left).every((count) => count === 0)).toBe(true);
    });
  });

  describe.each([
    {
      fault: 'a rejected key (401)',
      breakIt: () => harness.simulator.setApiKeys(['someone-else']),
      fixIt: () => harness.simulator.setApiKeys([API_KEY]),
      said: /rejected the API key \(401\): check CRUN_API_KEY/,
    },
    {
      fault: 'an account out of credits (402)',
      breakIt: () => harness.simulator.setCredits(false),
      fixIt: () => harness.simulator.setCredits(true),
      said: /insufficient credits \(402\): top up the account/,
    },
  ])('when Crun reports $fault', ({ breakIt, fixIt, said }) => {
    it('should pause the fleet with one line, keep every job, and resume once fixed', async () => {
      const location = harness.newLocation();
      const ids = Array.from({ length: 60 }, () => harness.simulator.addAsset({ processingMs: 0 }));
      breakIt();
      harness.logLines.length = 0;
      await harness.startWorker(location, { concurrency: 10 });
      await harness.startWorker(location, { concurrency: 10 });

      await harness.producer(location).enqueue(ids);
      await sleep(600);
      harness.simulator.resetStats();
      await sleep(1_500);
      const readsWhilePaused = harness.simulator.stats.byRoute['asset-info'];
      const eventsWhileBroken = (await harness.events(location)).length;
      const jobsKept = await harness.jobsLeft(location);
      fixIt();
      const fixedAt = Date.now();
      const events = await harness.waitForEvents(location, ids.length);
      const recoveryMs = Date.parse(events[0]?.event.resolvedAt ?? '') - fixedAt;

      console.log(
        `account fault: ${readsWhilePaused} probes in 1.5 s while paused; ` +
          `first event ${recoveryMs} ms after the fix`,
      );
      expect(eventsWhileBroken).toBe(0);
      const { waiting = 0, delayed = 0, active = 0 } = jobsKept;
      expect(waiting + delayed + active).toBe(ids.length);
      expect(readsWhilePaused).toBeLessThanOrEqual(6);
      expect(linesMatching(said)).toHaveLength(1);
      expect(linesMatching(/accepts the account again/)).toHaveLength(1);
      expect(events).toHaveLength(ids.length);
      expect(events.every(({ event }) => event.type === 'asset.ready')).toBe(true);
    });
  });

  describe('when Crun answers 429', () => {
    it('should pause for the Retry-After, halve the budget, then grow it back', async () => {
      const location = harness.newLocation();
      const ids = Array.from({ length: 200 }, () =>
        harness.simulator.addAsset({ processingMs: 60_000 }),
      );
      const fleet = { ratePerSecond: 100 };
      await harness.startWorker(location, { concurrency: 20, ...fleet });
      await harness.startWorker(location, { concurrency: 20, ...fleet });
      await harness.producer(location).enqueue(ids);
      await sleep(500);

      harness.simulator.injectFaults([
        { kind: 'rate-limit', count: 1, retryAfter: { seconds: 1 } },
      ]);
      await sleep(300);
      const budgetKey = `${location.prefix}:${location.queueName}:crun-budget`;
      const shrunk = Number(await harness.inspector.hget(budgetKey, 'rate'));
      const limitedAt = Number(await harness.inspector.hget(budgetKey, 'limitedAt'));
      await sleep(2_500);
      const grown = Number(await harness.inspector.hget(budgetKey, 'rate'));

      const times = harness.simulator.stats.requestTimes;
      const during = times.filter((time) => time > limitedAt + 50 && time < limitedAt + 900);
      expect(shrunk).toBe(50);
      expect(during).toHaveLength(0);
      expect(grown).toBeGreaterThan(50);
      expect(linesMatching(/rate-limiting us/).length).toBe(1);
    });
  });

  describe('when Crun keeps failing', () => {
    it('should open the breaker, pause the fleet, and close it once Crun answers', async () => {
      const location = harness.newLocation();
      const ids = Array.from({ length: 30 }, () => harness.simulator.addAsset({ processingMs: 0 }));
      harness.simulator.injectFaults([{ kind: 'server-error', status: 500 }]);
      harness.logLines.length = 0;
      await harness.startWorker(location, { concurrency: 5 });

      await harness.producer(location).enqueue(ids);
      await sleep(1_000);
      harness.simulator.clearFaults();
      const events = await harness.waitForEvents(location, ids.length);

      expect(linesMatching(/breaker open/).length).toBeGreaterThanOrEqual(1);
      expect(linesMatching(/breaker closed/)).toHaveLength(1);
      expect(events.every(({ event }) => event.type === 'asset.ready')).toBe(true);
    });
  });
});
