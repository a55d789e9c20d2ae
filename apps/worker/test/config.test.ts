import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

import { describe, expect, it } from 'vitest';

import { ConfigError, readWorkerConfig, WORKER_SETTINGS } from '../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    readWorkerConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems;
    }
    throw error;
  }
  return [];
}

describe('readWorkerConfig', () => {
  it('should apply every default on an empty environment', () => {
    const config = readWorkerConfig({});

    expect(config).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      apiKey: undefined,
      baseUrl: 'https://api.crun.ai',
      location: { prefix: 'crun', queueName: 'asset-tracking' },
      concurrency: 20,
      ratePerSecond: 20,
      policy: { poll: { initialDelayMs: 5_000, factor: 2, maxDelayMs: 300_000, jitter: 0.1 } },
      ops: { host: '127.0.0.1', port: 9464 },
      logFormat: 'auto',
    });
  });

  it('should read numbers, treat empty values as unset, and keep the key out of errors', () => {
    const config = readWorkerConfig({
      CRUN_API_KEY: 'k-123',
      WORKER_CONCURRENCY: '64',
      POLL_JITTER: '0.25',
      API_RATE_LIMIT_PER_SECOND: '',
    });

    expect(config).toMatchObject({ apiKey: 'k-123', concurrency: 64, ratePerSecond: 20 });
    expect(config.policy.poll.jitter).toBe(0.25);
  });

  it.each([
    ['REDIS_URL', 'http://localhost:6379', /must be a redis:\/\/ URL/],
    ['CRUN_BASE_URL', 'not a url', /Invalid URL/i],
    ['CRUN_BASE_URL', 'ftp://api.crun.ai', /./],
    ['CRUN_REQUEST_TIMEOUT_MS', '-1', /./],
    ['WORKER_CONCURRENCY', '0', /./],
    ['WORKER_CONCURRENCY', 'lots', /./],
    ['WORKER_CONCURRENCY', '5000', /./],
    ['API_RATE_LIMIT_PER_SECOND', '-3', /./],
    ['POLL_INITIAL_DELAY_MS', '1.5', /./],
    ['POLL_BACKOFF_FACTOR', '0.5', /./],
    ['POLL_MAX_DELAY_MS', '0', /./],
    ['POLL_JITTER', '2', /./],
    ['TRACKING_DEADLINE_MS', 'forever', /./],
    ['EVENT_STREAM_MAX_LENGTH', '0', /./],
    ['BREAKER_THRESHOLD', '0', /./],
    ['OPS_PORT', '70000', /./],
    ['LOG_LEVEL', 'loud', /./],
    ['LOG_FORMAT', 'xml', /./],
  ])('should name %s when it is %j', (name, value, message) => {
    const problems = problemsOf({ [name]: value });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
    expect(problems[0]).toMatch(message);
  });

  it('should match .env.example: every setting listed, every listed value the default', () => {
    const example = parseEnv(
      readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8'),
    );

    expect(Object.keys(example).sort()).toEqual([...WORKER_SETTINGS].sort());
    expect(readWorkerConfig(example)).toEqual(readWorkerConfig({}));
  });

  it('should read a cluster, its partitions and the ones this worker serves', () => {
    const config = readWorkerConfig({
      REDIS_CLUSTER_NODES: ' 10.0.0.1:7000, redis://:pw@10.0.0.2:7001 ,',
      CRUN_PREFIX: '{crun}',
      CRUN_PARTITIONS: '12',
      WORKER_PARTITIONS: '0,2,4-6',
    });

    expect(config.redisClusterNodes).toEqual(['10.0.0.1:7000', 'redis://:pw@10.0.0.2:7001']);
    expect(config.partitions).toBe(12);
    expect(config.servePartitions).toEqual([0, 2, 4, 5, 6]);
    expect(readWorkerConfig({}).servePartitions).toBeUndefined();
  });

  it('should refuse partitions that cannot work, naming the setting and the fix', () => {
    expect(problemsOf({ REDIS_CLUSTER_NODES: '10.0.0.1:7000' })).toEqual([
      expect.stringMatching(/^CRUN_PREFIX: .*CROSSSLOT.*'\{crun\}'/),
    ]);
    expect(problemsOf({ CRUN_PARTITIONS: '4', WORKER_PARTITIONS: '3-5' })).toEqual([
      expect.stringMatching(/^WORKER_PARTITIONS: 4,5 not below CRUN_PARTITIONS \(4\)/),
    ]);
    expect(problemsOf({ WORKER_PARTITIONS: 'some' })[0]).toMatch(/^WORKER_PARTITIONS:/);
    expect(problemsOf({ CRUN_PARTITIONS: '6', WORKER_PARTITIONS: '5-3' })).toEqual([
      expect.stringMatching(/^WORKER_PARTITIONS: names no partition/),
    ]);
    expect(problemsOf({ CRUN_PARTITIONS: '0' })[0]).toMatch(/^CRUN_PARTITIONS:/);
    expect(problemsOf({ REDIS_CLUSTER_NODES: 'not a node' })[0]).toMatch(/^REDIS_CLUSTER_NODES/);
  });

  it('should name every bad setting at once', () => {
    const problems = problemsOf({ WORKER_CONCURRENCY: '0', POLL_JITTER: '9', OPS_PORT: '-1' });

    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
      'OPS_PORT',
      'POLL_JITTER',
      'WORKER_CONCURRENCY',
    ]);
  });
});
