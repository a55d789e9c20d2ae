#!/usr/bin/env node
import { ConfigError, loadDotEnv, readWorkerConfig } from './config.js';
import { createLogger, logDestination } from './logger.js';
import { runWorkerService } from './run-worker.js';

loadDotEnv();
const logger = createLogger('crun-worker', 'info', logDestination('auto'));

try {
  const config = readWorkerConfig();
  const { apiKey } = config;
  if (!apiKey) {
    throw new ConfigError([
      'CRUN_API_KEY: not set (the worker needs a Crun key; `pnpm start` runs a demo without one)',
    ]);
  }

  const serviceLogger = createLogger(
    'crun-worker',
    config.logLevel,
    logDestination(config.logFormat),
  );
  await runWorkerService({ ...config, apiKey }, serviceLogger);
} catch (error) {
  logger.fatal({ error: error instanceof Error ? error.message : String(error) }, 'cannot start');
  process.exitCode = 1;
}
