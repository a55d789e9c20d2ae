import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { startTestRedis, type TestRedis } from '@crun/test-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AssetProducer } from '../src/index.js';
import { newLocation } from './helpers/intake.js';

const CLI = fileURLToPath(new URL('../dist/assets-cli.js', import.meta.url));
const run = promisify(execFile);

let redis: TestRedis;
let producer: AssetProducer;
const location = newLocation('cli');

beforeAll(async () => {
  redis = await startTestRedis();
  producer = new AssetProducer({ redisUrl: redis.url, location });
});

afterAll(async () => {
  await producer.close();
  await redis.close();
});

/** Runs `crun-assets` against the suite's Redis; resolves to its exit code and output. */
async function crunAssets(...args: string[]): Promise<{ code: number; stdout: string }> {
  const env = {
    PATH: process.env.PATH ?? '',
    REDIS_URL: redis.url,
    CRUN_PREFIX: location.prefix,
    CRUN_QUEUE: location.queueName,
  };
  try {
    const { stdout } = await run(process.execPath, [CLI, ...args], { env });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe('crun-assets control commands', () => {
  describe('when an asset is waiting for its first read', () => {
    it('should show its empty timeline, leave check-now a no-op, then cancel it', async () => {
      await producer.enqueue(['asset-cli-1']);

      const timeline = await crunAssets('timeline', 'asset-cli-1');
      const checkNow = await crunAssets('check-now', 'asset-cli-1', '--json');
      const cancel = await crunAssets('cancel', 'asset-cli-1', '--reason', 'test run');
      const again = await crunAssets('cancel', 'asset-cli-1');

      expect(timeline).toMatchObject({
        code: 0,
        stdout: expect.stringMatching(/^tracking\s+asset-cli-1 .*\n {2}no reads yet/),
      });
      expect(checkNow.code).toBe(0);
      expect(JSON.parse(checkNow.stdout)).toEqual({
        outcome: 'already-due',
        assetId: 'asset-cli-1',
        queueState: 'waiting',
      });
      expect(cancel).toMatchObject({
        code: 0,
        stdout: expect.stringMatching(/^cancelled\s+asset-cli-1 .*job removed/),
      });
      expect(again).toMatchObject({
        code: 4,
        stdout: expect.stringMatching(/^not-tracked\s+asset-cli-1/),
      });
      expect((await producer.state('asset-cli-1'))?.status).toBe('cancelled');
    });
  });

  it('should exit 4 for an asset it does not know', async () => {
    expect((await crunAssets('timeline', 'asset-cli-unknown')).code).toBe(4);
    expect((await crunAssets('check-now', 'asset-cli-unknown')).code).toBe(4);
  });
});
