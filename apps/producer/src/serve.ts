#!/usr/bin/env node
import { CrunClient } from '@crun/api';
import { describeRedisTarget, redisTargetOf, TopologyError } from '@crun/tracking';
import { pino } from 'pino';

import { readIntakeConfig } from './http/intake-config.js';
import { createIntakeServer } from './http/intake-server.js';
import { AssetProducer } from './producer.js';

// The token travels in a header; headers are not logged, and this is the net under that rule.
const logger = pino({
  name: 'crun-intake',
  level: process.env.LOG_LEVEL ?? 'info',
  redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
  timestamp: pino.stdTimeFunctions.isoTime,
});

try {
  const config = readIntakeConfig();
  logger.level = config.logLevel;
  const producer = new AssetProducer({
    redisUrl: config.redisUrl,
    redisClusterNodes: config.redisClusterNodes,
    location: config.location,
    partitions: config.partitions,
    eventStreamMaxLength: config.eventStreamMaxLength,
    registryRetentionMs: config.registryRetentionMs,
  });
  const crunClient = config.crun ? new CrunClient({ ...config.crun }) : undefined;
  const app = createIntakeServer({
    token: config.token,
    producer,
    crunClient,
    maxItems: config.maxItems,
    bodyLimitBytes: config.bodyLimitBytes,
    logger,
  });

  // Started even while Redis is away: requests answer 503 meanwhile, and
  // /healthz tells load balancers so.
  // A partition count that differs from the fleet's stops it here, below.
  await producer.checkLayout().catch(async (error: unknown) => {
    if (error instanceof TopologyError) {
      await producer.close();
      throw error;
    }

    logger.warn({ error: (error as Error).message }, 'Redis not reachable yet');
  });
  const url = await app.listen({ port: config.port, host: config.host });
  logger.info(
    {
      url,
      redis: describeRedisTarget(redisTargetOf(config.redisUrl, config.redisClusterNodes)),
      queue: `${config.location.prefix}:${config.location.queueName}`,
      partitions: config.partitions,
      uploads: crunClient ? crunClient.baseUrl : 'off (no CRUN_API_KEY)',
    },
    'intake listening',
  );

  const shutDown = async (signal: string) => {
    logger.info({ signal }, 'intake stopping');
    await app.close();
    await producer.close();
  };
  process.once('SIGTERM', () => void shutDown('SIGTERM'));
  process.once('SIGINT', () => void shutDown('SIGINT'));
} catch (error) {
  logger.fatal({ error: error instanceof Error ? error.message : String(error) }, 'cannot start');
  process.exitCode = 1;
}
