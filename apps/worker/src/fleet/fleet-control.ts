import type { CrunApiError, CrunError } from '@crun/api';
import type { RedisClient, TrackingLocation } from '@crun/tracking';
import type { Queue } from 'bullmq';

import type { Logger } from '../logger.js';
import { BUDGET_SCRIPT } from './budget-script.js';
import { type BreakerPolicy, FaultBreaker } from './fault-breaker.js';
import { limiterWindowFor, MIN_RATE_PER_SECOND, UNLIMITED_RATE } from './limiter-window.js';

/** How the fleet reacts to Crun's faults. */
export interface FleetPolicy {
  /** How often a paused fleet tries one read to see if the account works again, in ms. */
  accountProbeIntervalMs: number;
  /** Quiet time before the budget grows a step, and the least time between halvings, in ms. */
  budgetWindowMs: number;
  /** Pause after a 429 without `Retry-After`, in ms; doubles per 429 in a row, up to 60 s. */
  rateLimitPauseMs: number;
  breaker: BreakerPolicy;
}

export const DEFAULT_FLEET_POLICY: FleetPolicy = {
  accountProbeIntervalMs: 30_000,
  budgetWindowMs: 5_000,
  rateLimitPauseMs: 1_000,
  breaker: { threshold: 5, initialOpenMs: 2_000, maxOpenMs: 60_000 },
};

export interface FleetControlOptions extends FleetPolicy {
  /**
   * Every partition's queue, served here or not: a pause must hold for the
   * whole fleet, and the budget is shared out among all of them.
   */
  queues: readonly Queue[];
  /** A non-blocking connection for the budget's own keys. */
  redis: RedisClient;
  /** Where the fleet's shared state lives: the topology's home location. */
  location: TrackingLocation;
  logger: Logger;
  /** Reads per second for the whole fleet; 0 for no limit. */
  ratePerSecond: number;
}

const MAX_OWN_RATE_LIMIT_PAUSE_MS = 60_000;
const ACCOUNT_FLAG_TTL_MS = 24 * 3600_000;

export interface FleetSnapshot {
  /** The current read budget of the whole fleet. */
  ratePerSecond: number;
  /** Whether reads are paused because Crun rejected the key or the account. */
  accountPaused: boolean;
  /** Whether this process's breaker has opened since its last good read. */
  breakerOpen: boolean;
}

type BudgetCommand = (
  key: string,
  mode: 'init' | 'shrink' | 'grow',
  configured: number,
  nowMs: number,
  windowMs: number,
  minRate: number,
  step: number,
) => Promise<[number, number]>;

/**
 * What the whole fleet does about Crun's health, through BullMQ's global
 * limiter, so one worker's finding holds for all: a 429 pauses everyone for
 * the server's hint and halves the shared budget, which grows back while
 * Crun stays quiet; a rejected key or an empty account stops every read but
 * one probe per interval; a run of faults opens a breaker that pauses the
 * fleet. Redis is touched only when one of these states changes, never on
 * the path of a healthy read.
 */
export class FleetControl {
  readonly #options: FleetControlOptions;
  readonly #breaker: FaultBreaker;
  readonly #configuredRate: number;
  readonly #budgetKey: string;
  readonly #accountKey: string;
  #rateLimitsInRow = 0;
  #accountFaulted = false;
  #growTimer: NodeJS.Timeout | undefined;

  constructor(options: FleetControlOptions) {
    this.#options = options;
    this.#breaker = new FaultBreaker(options.breaker);
    this.#configuredRate = options.ratePerSecond > 0 ? options.ratePerSecond : UNLIMITED_RATE;
    const base = `${options.location.prefix}:${options.location.queueName}`;
    this.#budgetKey = `${base}:crun-budget`;
    this.#accountKey = `${base}:crun-account-fault`;
    options.redis.defineCommand('crunFleetBudget', { numberOfKeys: 1, lua: BUDGET_SCRIPT });
  }

  /** Publishes the budget to the queue and starts growing it back when it was cut. */
  async start(): Promise<void> {
    const [, rate] = await this.#budget('init');
    await this.#applyRate(rate);

    this.#growTimer = setInterval(() => {
      this.#grow().catch((error: unknown) => this.#logFailure('budget growth', error));
    }, this.#options.budgetWindowMs);
    this.#growTimer.unref();
  }

  stop(): void {
    clearInterval(this.#growTimer);
  }

  /** The fleet's state as Redis holds it, for metrics and readiness. */
  async snapshot(): Promise<FleetSnapshot> {
    const [rate, accountFlag] = await Promise.all([
      this.#options.redis.hget(this.#budgetKey, 'rate'),
      this.#options.redis.exists(this.#accountKey),
    ]);

    return {
      ratePerSecond: rate === null ? this.#configuredRate : Number(rate),
      accountPaused: accountFlag === 1,
      breakerOpen: this.#breaker.isTripped,
    };
  }

  /** A read answered. Cheap unless the fleet was in a fault state. */
  async onAnswer(): Promise<void> {
    this.#rateLimitsInRow = 0;
    if (this.#breaker.recordSuccess()) {
      this.#options.logger.info('Crun answers again; breaker closed');
    }

    if (this.#accountFaulted) {
      this.#accountFaulted = false;
      await this.#restoreAfterAccountFault();
    }
  }

  /** Crun said 429: pause every worker, halve the budget. Resolves to the pause, in ms. */
  async onRateLimited(retryAfterMs: number | undefined): Promise<number> {
    const ownPauseMs = this.#options.rateLimitPauseMs * 2 ** this.#rateLimitsInRow;
    const pauseMs = retryAfterMs ?? Math.min(MAX_OWN_RATE_LIMIT_PAUSE_MS, ownPauseMs);
    this.#rateLimitsInRow += 1;
    await this.#pauseAll(Math.max(1, pauseMs));

    const [changed, rate] = await this.#budget('shrink');
    if (changed) {
      await this.#applyRate(rate);
      this.#options.logger.warn(
        { pauseMs, ratePerSecond: rate },
        'Crun is rate-limiting us: fleet paused, budget halved',
      );
    }

    return pauseMs;
  }

  /**
   * Crun rejected the key (401) or the account has no credits (402). Every
   * worker stops reading; one read per probe interval checks whether someone
   * fixed it. One line says so, for the whole fleet. Resolves to the time
   * until the next probe, in ms.
   */
  async onAccountFault(error: CrunApiError): Promise<number> {
    const { accountProbeIntervalMs: probeMs, queues, redis } = this.#options;
    this.#accountFaulted = true;
    // One probe per interval for the fleet on average: each of N partitions
    // may probe once per N intervals, so any partition with work can find
    // out that the account works again.
    const probeWindowMs = probeMs * queues.length;
    await Promise.all(queues.map((queue) => queue.setGlobalRateLimit(1, probeWindowMs)));
    await this.#pauseAll(probeMs);

    const first = await redis.set(
      this.#accountKey,
      String(error.code),
      'PX',
      ACCOUNT_FLAG_TTL_MS,
      'NX',
    );
    if (first) {
      this.#options.logger.error(
        { code: error.code, probeEveryMs: probeMs },
        accountFaultAdvice(error.code),
      );
    }

    return probeMs;
  }

  /** A transient fault (5xx, 455, timeout, reset, bad body): may open the breaker. */
  async onFault(error: CrunError): Promise<void> {
    const openMs = this.#breaker.recordFault();
    if (openMs === undefined) {
      return;
    }

    await this.#pauseAll(openMs);
    this.#options.logger.warn(
      { openMs, error: { name: error.name, message: error.message } },
      'Crun keeps failing: breaker open, fleet paused',
    );
  }

  async #restoreAfterAccountFault(): Promise<void> {
    const [, rate] = await this.#budget('init');
    await this.#applyRate(rate);

    if ((await this.#options.redis.del(this.#accountKey)) === 1) {
      this.#options.logger.info('Crun accepts the account again; checks resume');
    }
  }

  async #grow(): Promise<void> {
    if (this.#accountFaulted || this.#configuredRate >= UNLIMITED_RATE) {
      return;
    }

    const [changed, rate] = await this.#budget('grow');
    if (changed) {
      await this.#applyRate(rate);
      this.#options.logger.info({ ratePerSecond: rate }, 'Crun budget growing back');
    }
  }

  /**
   * Shares `rate` out evenly among the partitions: an asset's partition is
   * a hash of its ID, so each gets about the same share of the work.
   */
  async #applyRate(rate: number): Promise<void> {
    const { queues } = this.#options;
    const window = limiterWindowFor(rate / queues.length);
    await Promise.all(queues.map((queue) => queue.setGlobalRateLimit(window.max, window.duration)));
  }

  async #pauseAll(pauseMs: number): Promise<void> {
    await Promise.all(this.#options.queues.map((queue) => queue.rateLimit(pauseMs)));
  }

  #budget(mode: 'init' | 'shrink' | 'grow'): Promise<[number, number]> {
    const redis = this.#options.redis as RedisClient & { crunFleetBudget: BudgetCommand };
    const step = Math.max(1, Math.ceil(this.#configuredRate / 10));
    return redis.crunFleetBudget(
      this.#budgetKey,
      mode,
      this.#configuredRate,
      Date.now(),
      this.#options.budgetWindowMs,
      MIN_RATE_PER_SECOND,
      step,
    );
  }

  #logFailure(what: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.#options.logger.warn({ error: message }, `${what} failed`);
  }
}

function accountFaultAdvice(code: number): string {
  return code === 402
    ? 'Crun reports insufficient credits (402): top up the account; all checks paused, jobs kept, probing'
    : 'Crun rejected the API key (401): check CRUN_API_KEY; all checks paused, jobs kept, probing';
}
