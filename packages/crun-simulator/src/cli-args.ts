import { parseArgs } from 'node:util';
import type { ResponseStyle } from './envelope.js';
import type { SimulatorOptions } from './options.js';
import type { TimestampStyle } from './timestamps.js';
import { checkNumber, isOneOf, ValidationError } from './validation.js';

export const USAGE = `Usage: crun-simulator [--port 8787] [--host 127.0.0.1] [--key KEY]...
                      [--seed N] [--error-style http|body]
                      [--timestamp-style iso|epoch|alternate]

Starts a local simulator of the Crun asset API and prints its URL.
  --port             TCP port, 0 for a free one (default 8787)
  --host             interface to listen on (default 127.0.0.1; the control routes have no auth)
  --key              accepted x-api-key, repeat for several (default sim-key)
  --seed             seed for fault rolls, lifecycles and asset IDs (default random)
  --error-style      errors as HTTP status too (http, default) or only in the body (body)
  --timestamp-style  CreateTime/UpdateTime form (default alternate)
`;

export const DEFAULT_CLI_PORT = 8787;

const ERROR_STYLES: readonly ResponseStyle[] = ['http', 'body'];
const TIMESTAMP_STYLES: readonly (TimestampStyle | 'alternate')[] = ['iso', 'epoch', 'alternate'];

export interface CliArgs {
  help: boolean;
  options: SimulatorOptions;
}

/** Turns argv (without node and the script) into simulator options; throws on bad input. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      key: { type: 'string', multiple: true },
      seed: { type: 'string' },
      'error-style': { type: 'string' },
      'timestamp-style': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const errorStyle = values['error-style'];
  const timestampStyle = values['timestamp-style'];

  if (errorStyle !== undefined && !isOneOf(ERROR_STYLES, errorStyle)) {
    throw new ValidationError(`--error-style must be one of ${ERROR_STYLES.join(', ')}`);
  }

  if (timestampStyle !== undefined && !isOneOf(TIMESTAMP_STYLES, timestampStyle)) {
    throw new ValidationError(`--timestamp-style must be one of ${TIMESTAMP_STYLES.join(', ')}`);
  }

  return {
    help: values.help ?? false,
    options: {
      port: toInteger(values.port ?? String(DEFAULT_CLI_PORT), '--port', 65_535),
      ...(values.host !== undefined && { host: values.host }),
      ...(values.key !== undefined && { apiKeys: values.key }),
      ...(values.seed !== undefined && { seed: toInteger(values.seed, '--seed', 2 ** 32 - 1) }),
      ...(errorStyle !== undefined && { errorStyle }),
      ...(timestampStyle !== undefined && { timestampStyle }),
    },
  };
}

function toInteger(text: string, flag: string, max: number): number {
  return checkNumber(/^\d+$/.test(text) ? Number(text) : Number.NaN, flag, { max, integer: true });
}
