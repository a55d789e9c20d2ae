import type { RedisClient } from '@crun/tracking';
import type { Queue } from 'bullmq';

/**
 * Takes one read from the tracking queue's limiter, the way BullMQ does
 * when it hands a job to a worker, so sweep reads count against the fleet's
 * budget, and a fleet paused for a 429, an account fault or an open breaker
 * (BullMQ's `rateLimit`) pauses the sweep too. Returns 0 when the read may
 * go, else the ms until the limiter frees. KEYS: limiter, queue meta.
 */
const TAKE_READ_SCRIPT = `
local max = tonumber(redis.call('HGET', KEYS[2], 'max'))
if not max then
  return 0
end
local count = tonumber(redis.call('GET', KEYS[1]) or 0)
if count >= max then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then
    return ttl
  end
end
if redis.call('INCR', KEYS[1]) == 1 then
  local duration = tonumber(redis.call('HGET', KEYS[2], 'duration')) or 1000
  redis.call('PEXPIRE', KEYS[1], math.floor(duration))
end
return 0
`;

/**
 * A wait longer than this is a fleet pause, not a full window: the sweep
 * gives up its run rather than hold a worker slot through it.
 */
const LONGEST_WAIT_MS = 1_000;

type TakeRead = (limiterKey: string, metaKey: string) => Promise<number>;

/** Waits for the fleet's budget to allow one read; false when the fleet is paused. */
export async function waitForReadBudget(redis: RedisClient, queue: Queue): Promise<boolean> {
  if (!('crunTakeRead' in redis)) {
    redis.defineCommand('crunTakeRead', { numberOfKeys: 2, lua: TAKE_READ_SCRIPT });
  }

  const take = (redis as RedisClient & { crunTakeRead: TakeRead }).crunTakeRead;
  for (;;) {
    const waitMs = await take.call(redis, queue.toKey('limiter'), queue.toKey('meta'));
    if (waitMs === 0) {
      return true;
    }

    if (waitMs > LONGEST_WAIT_MS) {
      return false;
    }

    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}
