#!/usr/bin/env node
import { ConfigError, readWorkerConfig } from './config.js';
import { createLogger } from './logger.js';
import { runWorkerService } from './run-worker.js';

const logger = createLogger('crun-worker', process.env.LOG_LEVEL ?? 'info');

try {
  const config = readWorkerConfig();
  const { apiKey } = config;
  if (!apiKey) {
    throw new ConfigError([
      'CRUN_API_KEY: not set (the worker needs a Crun key; `pnpm start` runs a demo without one)',
    ]);
  }

  logger.level = config.logLevel;
  await runWorkerService({ ...config, apiKey }, logger);
} catch (error) {
  logger.fatal({ error: error instanceof Error ? error.message : String(error) }, 'cannot start');
  process.exitCode = 1;
}
