import type { ReplayRegister } from '@signet/core';
import { replayKey, secondsUntil } from './keys.js';
import { RedisBacked } from './redis-backed.js';
import { storeUnavailable } from './store-unavailable.js';

/**
 * Accepted JARM responses, remembered in Redis until they expire (`SET NX EX`): the same response is accepted
 * once across all instances. Worth having with the cookie store too, which cannot make a cookie single use.
 * Redis unreachable: throws `ERR_STORE_UNAVAILABLE` (503).
 */
export class RedisReplayRegister extends RedisBacked implements ReplayRegister {
  async register(id: string, expiresAt: number): Promise<boolean> {
    try {
      const answer = await this.redis.set(replayKey(this.prefix, id), '1', 'EX', secondsUntil(expiresAt), 'NX');
      return answer === 'OK';
    } catch (err) {
      throw storeUnavailable('registering the response', err);
    }
  }
}
