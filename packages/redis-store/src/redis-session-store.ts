import { createHash, randomBytes } from 'node:crypto';
import {
  sessionMatches,
  SignetError,
  type ReplaceCondition,
  type SessionMatch,
  type SessionRecord,
  type SessionStore,
} from '@signet/core';
import { RedisBacked } from './redis-backed.js';
import { storeUnavailable } from './store-unavailable.js';

// Each record is a hash { v: version, r: record JSON }; its lock sits beside it under the same hash tag, so the
// fenced write (lock check + record write) is one script on one slot, in a Redis Cluster too.
const WRITE = `local v = redis.call('HGET', KEYS[1], 'v')
if not v then return 0 end
if ARGV[1] == 'version' then
  if v ~= ARGV[2] then return 0 end
elseif redis.call('GET', KEYS[2]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'v', tonumber(v) + 1, 'r', ARGV[3])
redis.call('EXPIREAT', KEYS[1], ARGV[4])
return 1`;
const CREATE = `redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'r', ARGV[2])
redis.call('EXPIREAT', KEYS[1], ARGV[3])
return 1`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * Server-side sessions in Redis, shared by every instance: a logout on one instance ends the session on all;
 * the refresh lock (`SET NX PX`) and the fenced write (a script that stores the rotated grant only while the lock
 * is still held) make one refresh per grant across instances. Records hold the sealed vault, never a token in
 * clear; keys are digests. Back-channel logout finds sessions through per-`sid` and per-`sub` index sets.
 * Redis unreachable: `ERR_STORE_UNAVAILABLE` (503), never a fallback.
 *
 * @example
 * const sessions = await SignetSessions.create(client, { store: new RedisSessionStore(url), secrets });
 */
export class RedisSessionStore extends RedisBacked implements SessionStore {
  #record(key: string): string {
    return `${this.prefix}session:{${key}}`;
  }
  #lock(key: string): string {
    return `${this.prefix}session:{${key}}:lock`;
  }
  #index(kind: 'sid' | 'sub', iss: string, value: string): string {
    return `${this.prefix}session-index:${kind}:${digest(`${iss}\n${value}`)}`;
  }

  async get(key: string): Promise<SessionRecord | undefined> {
    let stored: Array<string | null>;
    try {
      stored = await this.redis.hmget(this.#record(key), 'v', 'r');
    } catch (err) {
      throw storeUnavailable('reading the session', err);
    }
    const [version, json] = stored;
    if (version == null || json == null) return undefined;
    let record: SessionRecord;
    try {
      record = JSON.parse(json) as SessionRecord;
    } catch {
      record = undefined as never;
    }
    if (typeof record !== 'object' || record === null || record.key !== key || typeof record.vault !== 'string') {
      await this.delete(key).catch(() => undefined);
      throw new SignetError('ERR_SESSION_STORE_INVALID', 'the stored session record is malformed; it was deleted');
    }
    if (record.expiresAt * 1000 <= Date.now()) return undefined;
    return { ...record, version: Number(version) };
  }

  async create(record: SessionRecord): Promise<void> {
    try {
      await this.redis.eval(
        CREATE,
        1,
        this.#record(record.key),
        record.version,
        JSON.stringify(record),
        record.expiresAt,
      );
      for (const [kind, value] of [
        ['sid', record.sid],
        ['sub', record.sub],
      ] as const) {
        if (value === undefined) continue;
        const index = this.#index(kind, record.iss, value);
        await this.redis.sadd(index, record.key);
        // Later sessions end later: the index lives as long as its newest member may.
        await this.redis.expireat(index, record.absoluteExpiresAt);
      }
    } catch (err) {
      // A session a back-channel logout could not find must not exist: undo, then refuse.
      await this.redis.del(this.#record(record.key)).catch(() => undefined);
      throw storeUnavailable('creating the session', err);
    }
  }

  async replace(record: SessionRecord, condition: ReplaceCondition): Promise<boolean> {
    const [mode, value] = 'version' in condition ? ['version', String(condition.version)] : ['lock', condition.lock];
    try {
      const written = await this.redis.eval(
        WRITE,
        2,
        this.#record(record.key),
        this.#lock(record.key),
        mode,
        value,
        JSON.stringify(record),
        record.expiresAt,
      );
      return written === 1;
    } catch (err) {
      throw storeUnavailable('writing the session', err);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      const json = await this.redis.hget(this.#record(key), 'r');
      await this.redis.del(this.#record(key), this.#lock(key));
      if (json) {
        const record = JSON.parse(json) as Partial<SessionRecord>;
        if (typeof record.iss === 'string') {
          if (typeof record.sid === 'string') await this.redis.srem(this.#index('sid', record.iss, record.sid), key);
          if (typeof record.sub === 'string') await this.redis.srem(this.#index('sub', record.iss, record.sub), key);
        }
      }
    } catch (err) {
      throw storeUnavailable('deleting the session', err);
    }
  }

  async deleteMatching(match: SessionMatch): Promise<number> {
    const index =
      match.sid !== undefined
        ? this.#index('sid', match.iss, match.sid)
        : this.#index('sub', match.iss, match.sub ?? '');
    if (match.sid === undefined && match.sub === undefined) return 0;
    let members: string[];
    try {
      members = await this.redis.smembers(index);
    } catch (err) {
      throw storeUnavailable('finding the sessions to end', err);
    }
    let count = 0;
    for (const key of members) {
      let record: SessionRecord | undefined;
      try {
        record = await this.get(key);
      } catch (err) {
        if (err instanceof SignetError && err.code === 'ERR_SESSION_STORE_INVALID') continue;
        throw err;
      }
      if (!record) {
        await this.redis.srem(index, key).catch(() => undefined);
        continue;
      }
      if (!sessionMatches(record, match)) continue;
      await this.delete(key);
      count += 1;
    }
    return count;
  }

  async acquireLock(key: string, ttlMs: number): Promise<string | undefined> {
    const token = randomBytes(16).toString('base64url');
    try {
      const taken = await this.redis.set(this.#lock(key), token, 'PX', ttlMs, 'NX');
      return taken === 'OK' ? token : undefined;
    } catch (err) {
      throw storeUnavailable('taking the refresh lock', err);
    }
  }

  async releaseLock(key: string, token: string): Promise<void> {
    try {
      await this.redis.eval(RELEASE, 1, this.#lock(key), token);
    } catch (err) {
      throw storeUnavailable('releasing the refresh lock', err);
    }
  }
}
