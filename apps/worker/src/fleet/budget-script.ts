/**
 * The fleet's read budget, kept in one Redis hash so every worker process
 * shares it. Halved at most once per window when Crun answers 429, grown back
 * by a step once no 429 has been seen for a window, never above the
 * configured rate. Returns `{changed, rate}`.
 *
 * KEYS[1] budget hash. ARGV: mode (`init`, `shrink` or `grow`), configured
 * rate, now in ms, window in ms, minimum rate, growth step.
 */
export const BUDGET_SCRIPT = `
local configured = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
local stored = redis.call('HMGET', KEYS[1], 'rate', 'configured', 'changedAt', 'limitedAt')
local rate = tonumber(stored[1]) or configured
local changedAt = tonumber(stored[3]) or 0
local limitedAt = tonumber(stored[4]) or 0
local nextRate = rate

if ARGV[1] == 'init' then
  if tonumber(stored[2]) ~= configured then
    nextRate = configured
    redis.call('HSET', KEYS[1], 'configured', configured, 'rate', configured, 'changedAt', now)
    return {1, nextRate}
  end
  return {0, rate}
elseif ARGV[1] == 'shrink' then
  redis.call('HSET', KEYS[1], 'limitedAt', now)
  if now - changedAt >= window or rate == configured then
    nextRate = math.max(tonumber(ARGV[5]), math.floor(rate / 2))
  end
elseif ARGV[1] == 'grow' then
  if now - limitedAt >= window and now - changedAt >= window then
    nextRate = math.min(configured, rate + tonumber(ARGV[6]))
  end
end

if nextRate == rate then
  return {0, rate}
end
redis.call('HSET', KEYS[1], 'rate', nextRate, 'changedAt', now)
return {1, nextRate}
`;
