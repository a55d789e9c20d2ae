import type { ResponseStyle } from './envelope.js';

/** The API endpoints a fault can hit. */
export type FaultPath = 'asset-info' | 'upload';

export type MalformedBody =
  | 'html'
  | 'empty'
  | 'truncated-json'
  | 'not-envelope'
  | 'unknown-status'
  | 'bad-timestamp'
  | 'missing-data';

/** `Retry-After` as delta-seconds, or as the HTTP-date that many seconds from now. */
export type RetryAfter = { seconds: number } | { httpDate: true; seconds: number };

/** Filters and limits every rule shares. */
export interface FaultRuleBase {
  /** Chance (0 to 1) that a matching request gets the fault, on the seeded RNG. Default 1. */
  probability?: number;
  /** Apply at most this many times, then the rule is spent. Default: no limit. */
  count?: number;
  /** Only requests to these endpoints. Default: both. */
  paths?: FaultPath | readonly FaultPath[];
  /** Only asset-info requests for these asset IDs; uploads never match. Default: any request. */
  assetIds?: readonly string[];
}

/** 429, with or without `Retry-After`. */
export interface RateLimitFault extends FaultRuleBase {
  kind: 'rate-limit';
  /** Default: no `Retry-After` header. */
  retryAfter?: RetryAfter | undefined;
  /** Default: the simulator's `errorStyle`. */
  style?: ResponseStyle;
}

/** 455. */
export interface MaintenanceFault extends FaultRuleBase {
  kind: 'maintenance';
  /** Default: the simulator's `errorStyle`. */
  style?: ResponseStyle;
}

/** 500 as an envelope, or 502/503/504 as a proxy's HTML page. */
export interface ServerErrorFault extends FaultRuleBase {
  kind: 'server-error';
  /** HTTP status. Default 500. */
  status?: 500 | 502 | 503 | 504;
  /** For 500 only. Default: the simulator's `errorStyle`. */
  style?: ResponseStyle;
}

/** A body the client cannot trust. */
export interface MalformedFault extends FaultRuleBase {
  kind: 'malformed';
  body: MalformedBody;
  /** Default 200. */
  httpStatus?: number;
}

/** Delays the answer; later rules still apply. */
export interface LatencyFault extends FaultRuleBase {
  kind: 'latency';
  /** Delay in ms. */
  ms: number;
}

/** No answer for `ms` milliseconds, then the socket is destroyed. */
export interface HangFault extends FaultRuleBase {
  kind: 'hang';
  /** Silence before the socket is destroyed, in ms. */
  ms: number;
}

/** The socket is reset without an answer. */
export interface ResetFault extends FaultRuleBase {
  kind: 'reset';
}

/** A one-off 401; `setApiKeys` is the lasting way. */
export interface AuthFault extends FaultRuleBase {
  kind: 'auth';
  /** Default: the simulator's `errorStyle`. */
  style?: ResponseStyle;
}

/** A one-off 402; `setCredits(false)` is the lasting way. */
export interface CreditsFault extends FaultRuleBase {
  kind: 'credits';
  /** Default: the simulator's `errorStyle`. */
  style?: ResponseStyle;
}

export type FaultRule =
  | RateLimitFault
  | MaintenanceFault
  | ServerErrorFault
  | MalformedFault
  | LatencyFault
  | HangFault
  | ResetFault
  | AuthFault
  | CreditsFault;

export type FaultKind = FaultRule['kind'];

/** Rules that decide the answer, as opposed to latency which only delays it. */
export type TerminalFault = Exclude<FaultRule, LatencyFault>;

export const FAULT_KINDS: readonly FaultKind[] = [
  'rate-limit',
  'maintenance',
  'server-error',
  'malformed',
  'latency',
  'hang',
  'reset',
  'auth',
  'credits',
];
