import { Cluster } from 'ioredis';
import type { RedisConnection } from './redis-client.js';

/**
 * Why a deadline inside the script: a command that timed out here is not withdrawn there. Redis frozen (SIGSTOP,
 * a stalled host) keeps the bytes in its socket and runs them when it wakes, long after this instance answered
 * 503 and told the user to retry: a late GETDEL would then burn the very login the user retries. Each consuming
 * command therefore carries an absolute deadline in Redis's own clock (`TIME`) and does nothing once it has passed.
 * The deadline falls well before the client-side timeout, so when this side gives up, Redis either ran the command
 * in time (its answer was lost: the login is consumed, and the retry is told to start again) or never will.
 */
const CONSUME = `
local t = redis.call('TIME')
if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > tonumber(ARGV[1]) then return -1 end
return redis.call('GETDEL', KEYS[1])
`;

// GET, and DEL only when the login's "binding" is the digest the browser presents (ARGV[2]; '' for none, which
// takes only a login without a binding). Comparing two SHA-256 digests reveals nothing of the binding cookie.
// Answers nil (no login), {1, value} (taken) or {0, value} (read only, a value that is not a JSON object
// included: core decides, and takes it if it may).
const TAKE_IF_BOUND = `
local t = redis.call('TIME')
if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > tonumber(ARGV[1]) then return -1 end
local v = redis.call('GET', KEYS[1])
if not v then return nil end
local ok, tx = pcall(cjson.decode, v)
if ok and type(tx) == 'table' then
  local binding = tx['binding']
  if (ARGV[2] == '' and binding == nil) or (ARGV[2] ~= '' and binding == ARGV[2]) then
    redis.call('DEL', KEYS[1])
    return {1, v}
  end
end
return {0, v}
`;

const REGISTER = `
local t = redis.call('TIME')
if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > tonumber(ARGV[1]) then return -1 end
if redis.call('SET', KEYS[1], '1', 'EX', ARGV[2], 'NX') then return 1 end
return 0
`;

/** Answer of a deadline command that arrived too late to run: it did nothing. */
export const TOO_LATE = -1;

interface DeadlineCommands {
  signetConsume(key: string, deadline: number): Promise<string | null | typeof TOO_LATE>;
  signetTakeIfBound(key: string, deadline: number, binding: string): Promise<[0 | 1, string] | null | typeof TOO_LATE>;
  signetRegister(key: string, deadline: number, seconds: number): Promise<0 | 1 | typeof TOO_LATE>;
}

const defined = new WeakSet<object>();
const offsets = new WeakMap<object, number>();

/** The connection with the scripts defined (once per connection; EVALSHA, EVAL on a cold script cache). */
export function deadlineCommands(redis: RedisConnection): RedisConnection & DeadlineCommands {
  if (!defined.has(redis)) {
    redis.defineCommand('signetConsume', { numberOfKeys: 1, lua: CONSUME });
    redis.defineCommand('signetTakeIfBound', { numberOfKeys: 1, lua: TAKE_IF_BOUND });
    redis.defineCommand('signetRegister', { numberOfKeys: 1, lua: REGISTER });
    defined.add(redis);
    // Redis's clock against ours, measured on each (re)connection; until then and if TIME fails, assume NTP (0).
    const measure = () => {
      const sent = Date.now();
      redis.time().then(
        ([seconds, micros]) => {
          const received = Date.now();
          offsets.set(redis, Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - (sent + received) / 2);
        },
        () => undefined,
      );
    };
    redis.on('ready', measure);
    if (redis.status === 'ready') measure();
  }
  return redis as RedisConnection & DeadlineCommands;
}

/** How long a consuming command may wait in Redis before it refuses to run: half the client's command timeout. */
export function deadlineBudget(redis: RedisConnection): number {
  const options = redis instanceof Cluster ? redis.options.redisOptions : redis.options;
  const timeout = (options as { commandTimeout?: number } | undefined)?.commandTimeout;
  return typeof timeout === 'number' && timeout > 0 ? Math.max(50, Math.floor(timeout / 2)) : 1000;
}

/** The absolute deadline, in Redis's clock (epoch milliseconds), for a command sent now. */
export function deadlineFor(redis: RedisConnection): number {
  return Math.round(Date.now() + (offsets.get(redis) ?? 0) + deadlineBudget(redis));
}
