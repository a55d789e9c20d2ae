import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseAssetSpec } from './asset-spec.js';
import type { SimulatorContext } from './context.js';
import { sendJson } from './http-response.js';
import { parseFaultRules } from './parse-fault-rules.js';
import { readJsonBody } from './request-body.js';
import {
  checkNumber,
  checkStringList,
  expectRecord,
  field,
  optionalBoolean,
  ValidationError,
} from './validation.js';

/**
 * Control routes, for driving a simulator that runs in another process (the
 * CLI, a demo, a benchmark). A development tool: no key and no auth at all,
 * so serve it on loopback only. Answers are plain JSON, not the Crun envelope:
 * 200 on success, 400 `{ error }` for a bad body, 404 for an unknown route.
 *
 * - `POST /_simulator/assets` — an `AssetSpec`, or `{ count, ...AssetSpec }` → `{ assetIds }`
 * - `POST /_simulator/faults` — `{ rules: FaultRule[] }` replaces the active rules
 * - `DELETE /_simulator/faults` — clears them
 * - `GET /_simulator/stats` — `SimulatorStatsSnapshot`; `?requestTimes=true` adds `requestTimes`
 * - `DELETE /_simulator/stats` — resets the counters
 * - `POST /_simulator/keys` — `{ keys: string[] }` replaces the accepted API keys
 * - `POST /_simulator/credits` — `{ available: boolean }`
 */
export const CONTROL_PREFIX = '/_simulator/';

/** One request may create this many assets, enough for any benchmark batch. */
const MAX_ASSETS_PER_REQUEST = 100_000;

const OK = { ok: true };

export async function handleControlRequest(
  ctx: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: string,
): Promise<void> {
  try {
    const result = await route(ctx, req, `${req.method} ${path}`, query);

    if (result === undefined) {
      sendJson(res, 404, { error: `no control route ${req.method} ${path}` });
    } else {
      sendJson(res, 200, result);
    }
  } catch (error) {
    if (res.destroyed) {
      return;
    }

    const status = error instanceof ValidationError ? 400 : 500;
    sendJson(res, status, { error: error instanceof Error ? error.message : String(error) });
  }
}

async function route(
  ctx: SimulatorContext,
  req: IncomingMessage,
  methodAndPath: string,
  query: string,
): Promise<object | undefined> {
  switch (methodAndPath) {
    case 'POST /_simulator/assets':
      return { assetIds: addAssets(ctx, await readJsonBody(req)) };
    case 'POST /_simulator/faults': {
      const rules = parseFaultRules(field(await readBody(req), 'rules'));
      ctx.faults.replace(rules);
      return { ok: true, rules: rules.length };
    }
    case 'DELETE /_simulator/faults':
      ctx.faults.clear();
      return OK;
    case 'GET /_simulator/stats':
      return statsBody(ctx, query);
    case 'DELETE /_simulator/stats':
      ctx.stats.reset();
      return OK;
    case 'POST /_simulator/keys':
      ctx.access.setKeys(checkStringList(field(await readBody(req), 'keys'), 'keys'));
      return OK;
    case 'POST /_simulator/credits':
      ctx.access.creditsAvailable = readAvailable(await readBody(req));
      return OK;
    default:
      return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<Readonly<Record<string, unknown>>> {
  return expectRecord(await readJsonBody(req), 'body');
}

function addAssets(ctx: SimulatorContext, body: unknown): string[] {
  const { count: rawCount, ...rest } = expectRecord(body, 'body');
  const count =
    rawCount === undefined || rawCount === null
      ? 1
      : checkNumber(rawCount, 'count', { min: 1, max: MAX_ASSETS_PER_REQUEST, integer: true });
  const spec = parseAssetSpec(rest);

  if (count > 1 && spec.assetId !== undefined) {
    throw new ValidationError('assetId cannot be combined with count > 1');
  }

  return Array.from({ length: count }, () => ctx.assets.add(spec).assetId);
}

function readAvailable(body: Readonly<Record<string, unknown>>): boolean {
  const available = optionalBoolean(body, 'available');

  if (available === undefined) {
    throw new ValidationError('available must be true or false');
  }

  return available;
}

function statsBody(ctx: SimulatorContext, query: string): object {
  const snapshot = ctx.stats.toJSON();
  const withTimes = new URLSearchParams(query).get('requestTimes') === 'true';

  return withTimes ? { ...snapshot, requestTimes: [...ctx.stats.requestTimes] } : snapshot;
}
