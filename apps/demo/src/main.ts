#!/usr/bin/env node
import {
  ConfigError,
  createLogger,
  loadDotEnv,
  logDestination,
  readWorkerConfig,
  runWorkerService,
} from '@crun/worker';

import { runDemo } from './run-demo.js';

/**
 * `pnpm start`: with CRUN_API_KEY set, runs the real worker service; without
 * it, runs the whole tracker against the bundled simulator on a demo batch.
 */
loadDotEnv();

try {
  const config = readWorkerConfig();
  if (config.apiKey) {
    await runWorkerService(
      { ...config, apiKey: config.apiKey },
      createLogger('crun-worker', config.logLevel, logDestination(config.logFormat)),
    );
  } else {
    await runDemo(config, Number(process.env.DEMO_ASSETS ?? 120));
  }
} catch (error) {
  const message =
    error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  console.error(`crun: ${message}`);
  process.exitCode = 1;
}
