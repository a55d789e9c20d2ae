#!/usr/bin/env node
import { type CliArgs, parseCliArgs, USAGE } from './cli-args.js';
import { startSimulator } from './server.js';

async function main(): Promise<void> {
  let args: CliArgs;

  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    // parseArgs and our checks name the flag, never echo a key.
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }

  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }

  const simulator = await startSimulator(args.options);
  const stop = (): void => {
    void simulator.close();
  };

  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(`Crun simulator listening on ${simulator.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `crun-simulator: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
