import { startTestRedis, type TestRedis } from '@crun/test-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type RunningIntake, startIntake } from './helpers/intake.js';

let redis: TestRedis;
let intake: RunningIntake;

beforeAll(async () => {
  redis = await startTestRedis();
  intake = await startIntake(redis.url);
});

afterAll(async () => {
  await intake.close();
  await redis.close();
});

describe('intake metrics', () => {
  it('should count items by outcome and time requests by route, without a token', async () => {
    await intake.call('POST', '/v1/assets', { assets: ['asset-m1', 'asset-m2', 'not an id'] });
    await intake.call('POST', '/v1/assets', { assets: ['asset-m1'] });
    await intake.call('POST', '/v1/assets', { assets: ['asset-m3'] }, 'wrong-token');

    const response = await fetch(`${intake.url}/metrics`);
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(text).toMatch(/^crun_intake_items_total\{outcome="queued"\} 2$/m);
    expect(text).toMatch(/^crun_intake_items_total\{outcome="already-tracked"\} 1$/m);
    expect(text).toMatch(/^crun_intake_items_total\{outcome="rejected"\} 1$/m);
    expect(text).toMatch(
      /^crun_intake_request_duration_seconds_count\{method="POST",route="\/v1\/assets",status="200"\} 2$/m,
    );
    expect(text).toMatch(
      /^crun_intake_request_duration_seconds_count\{method="POST",route="\/v1\/assets",status="401"\} 1$/m,
    );
    expect(text).not.toContain('intake-test-token');
  });
});
