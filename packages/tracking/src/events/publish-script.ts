import { EXTRA_METADATA_FIELD, PUBLISHED_FIELD } from '../job-fields.js';
import { LUA_IS_TRACKING } from '../stored-job.js';

/**
 * Publishes one event atomically: appends it to the stream, writes the
 * asset's registry record (`{ id, event }`, expiring after the retention),
 * files the asset under its outcome (removing it from the others, dropping
 * entries older than the retention) and announces it on the channel. A
 * reader never sees an event without its record, nor a record without its
 * event.
 *
 * What may publish is guarded, so nothing is published twice:
 * - `job`: the event ends a tracking. The entry ID is written into the job
 *   hash; a tracking that already has one (a worker that died after
 *   publishing, a stalled job run again, a cancel that came first) gets that
 *   ID back and nothing new. A missing or failed job, or one of another
 *   tracking, publishes nothing. Later enqueuers' metadata, kept in the job
 *   hash, is spliced into the event's `metadataList`, which the caller
 *   serialises last.
 * - `record`: a notice about a finished asset. Published only while the
 *   asset's record is still the event the caller read (the sweep), so two
 *   sweeps finding the same change publish once.
 *
 * KEYS: job hash, event stream, record, then one index per outcome.
 * ARGV: channel, max stream length, event type, asset ID, event JSON,
 * retention (ms), resolution time (ms), oldest score kept, outcome position
 * (1-based, among the index KEYS), guard (`job` or `record`), then the
 * tracking ID (`job`) or the record's event ID (`record`).
 * Returns `{id, 1}` when published, `{id, 0, type}` for an earlier event
 * (its type, or '' once trimmed from the stream), or nil.
 */
export const PUBLISH_SCRIPT = `${LUA_IS_TRACKING}
local event = ARGV[5]
if ARGV[10] == 'job' then
  local job = redis.call('HMGET', KEYS[1], '${PUBLISHED_FIELD}', 'data', 'finishedOn', '${EXTRA_METADATA_FIELD}')
  if job[1] then
    local earlier = redis.call('XRANGE', KEYS[2], job[1], job[1])[1]
    local earlierType = ''
    if earlier then
      for index = 1, #earlier[2], 2 do
        if earlier[2][index] == 'type' then
          earlierType = earlier[2][index + 1]
        end
      end
    end
    return {job[1], 0, earlierType}
  end
  if not job[2] or job[3] then
    return false
  end
  if not isTracking(job[2], ARGV[11]) then
    return false
  end
  if job[4] then
    local head = string.sub(event, 1, -3)
    local separator = ','
    if string.sub(head, -1) == '[' then
      separator = ''
    end
    local extra = string.gsub(job[4], '\\n', ',')
    event = head .. separator .. extra .. ']}'
  end
else
  local record = redis.call('GET', KEYS[3])
  local expected = '{"id":"' .. ARGV[11] .. '"'
  if not record or string.sub(record, 1, #expected) ~= expected then
    return false
  end
end
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*',
  'type', ARGV[3], 'assetId', ARGV[4], 'event', event)
if ARGV[10] == 'job' then
  redis.call('HSET', KEYS[1], '${PUBLISHED_FIELD}', id)
end
local delivered = '{"id":"' .. id .. '","event":' .. event .. '}'
redis.call('SET', KEYS[3], delivered, 'PX', ARGV[6])
local own = 3 + tonumber(ARGV[9])
for index = 4, #KEYS do
  if index == own then
    redis.call('ZADD', KEYS[index], ARGV[7], ARGV[4])
  else
    redis.call('ZREM', KEYS[index], ARGV[4])
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[index], '-inf', '(' .. ARGV[8])
end
redis.call('PUBLISH', ARGV[1], delivered)
return {id, 1}
`;
