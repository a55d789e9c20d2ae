import type { ResponseStyle } from './envelope.js';
import type {
  FaultPath,
  FaultRule,
  FaultRuleBase,
  MalformedBody,
  RetryAfter,
  ServerErrorFault,
} from './fault-rules.js';
import { FAULT_KINDS } from './fault-rules.js';
import {
  checkNumber,
  checkStringList,
  expectRecord,
  field,
  type JsonRecord,
  optionalChoice,
  optionalField,
  optionalNumber,
  rejectUnknownKeys,
  ValidationError,
  within,
} from './validation.js';

const FAULT_PATHS: readonly FaultPath[] = ['asset-info', 'upload'];
const STYLES: readonly ResponseStyle[] = ['http', 'body'];
const PROXY_STATUSES = [500, 502, 503, 504] as const;
const MALFORMED_BODIES: readonly MalformedBody[] = [
  'html',
  'empty',
  'truncated-json',
  'not-envelope',
  'unknown-status',
  'bad-timestamp',
  'missing-data',
];
const BASE_KEYS = ['kind', 'probability', 'count', 'paths', 'assetIds'];

/** Checks rules from a caller or a control request and copies them; throws `ValidationError`. */
export function parseFaultRules(value: unknown): FaultRule[] {
  if (!Array.isArray(value)) {
    throw new ValidationError('rules must be an array');
  }

  return value.map((rule, index) => within(`rules[${index}]`, () => parseFaultRule(rule)));
}

function parseFaultRule(value: unknown): FaultRule {
  const record = expectRecord(value, 'rule');
  const kind = record.kind;

  switch (kind) {
    case 'rate-limit':
      return {
        kind,
        ...parseBase(record, ['retryAfter', 'style']),
        ...optionalField('retryAfter', parseRetryAfter(field(record, 'retryAfter'))),
        ...optionalField('style', optionalChoice(record, 'style', STYLES)),
      };
    case 'maintenance':
    case 'auth':
    case 'credits':
      return {
        kind,
        ...parseBase(record, ['style']),
        ...optionalField('style', optionalChoice(record, 'style', STYLES)),
      };
    case 'server-error':
      return {
        kind,
        ...parseBase(record, ['status', 'style']),
        ...optionalField('status', parseProxyStatus(field(record, 'status'))),
        ...optionalField('style', optionalChoice(record, 'style', STYLES)),
      };
    case 'malformed':
      return {
        kind,
        ...parseBase(record, ['body', 'httpStatus']),
        body: parseMalformedBody(record.body),
        ...optionalField('httpStatus', parseHttpStatus(record)),
      };
    case 'latency':
    case 'hang':
      return { kind, ...parseBase(record, ['ms']), ms: checkNumber(record.ms, 'ms') };
    case 'reset':
      return { kind, ...parseBase(record, []) };
    default:
      throw new ValidationError(`kind must be one of ${FAULT_KINDS.join(', ')}`);
  }
}

function parseBase(record: JsonRecord, kindKeys: readonly string[]): FaultRuleBase {
  rejectUnknownKeys(record, [...BASE_KEYS, ...kindKeys]);

  return {
    ...optionalField('probability', optionalNumber(record, 'probability', { max: 1 })),
    ...optionalField('count', optionalNumber(record, 'count', { integer: true })),
    ...optionalField('paths', parsePaths(field(record, 'paths'))),
    ...optionalField('assetIds', parseAssetIds(field(record, 'assetIds'))),
  };
}

function parsePaths(value: unknown): FaultPath[] | undefined {
  if (value === undefined) {
    return undefined;
  }

  // A single path is accepted too: `paths: 'upload'` reads naturally.
  const paths: unknown[] = Array.isArray(value) ? value : [value];

  if (!paths.every((path): path is FaultPath => FAULT_PATHS.some((known) => known === path))) {
    throw new ValidationError(`paths must list only ${FAULT_PATHS.join(', ')}`);
  }

  return paths;
}

function parseAssetIds(value: unknown): string[] | undefined {
  return value === undefined ? undefined : checkStringList(value, 'assetIds');
}

function parseRetryAfter(value: unknown): RetryAfter | undefined {
  if (value === undefined) {
    return undefined;
  }

  const record = expectRecord(value, 'retryAfter');
  rejectUnknownKeys(record, ['seconds', 'httpDate']);

  if (field(record, 'httpDate') === undefined) {
    // Delta-seconds is a non-negative integer in RFC 9110.
    return { seconds: checkNumber(record.seconds, 'retryAfter.seconds', { integer: true }) };
  }

  if (record.httpDate !== true) {
    throw new ValidationError('retryAfter.httpDate must be true when given');
  }

  return { httpDate: true, seconds: checkNumber(record.seconds, 'retryAfter.seconds') };
}

function parseProxyStatus(value: unknown): ServerErrorFault['status'] {
  if (value === undefined) {
    return undefined;
  }

  const status = PROXY_STATUSES.find((known) => known === value);

  if (status === undefined) {
    throw new ValidationError(`status must be one of ${PROXY_STATUSES.join(', ')}`);
  }

  return status;
}

function parseMalformedBody(value: unknown): MalformedBody {
  const body = MALFORMED_BODIES.find((known) => known === value);

  if (body === undefined) {
    throw new ValidationError(`body must be one of ${MALFORMED_BODIES.join(', ')}`);
  }

  return body;
}

function parseHttpStatus(record: JsonRecord): number | undefined {
  return optionalNumber(record, 'httpStatus', { min: 200, max: 599, integer: true });
}
