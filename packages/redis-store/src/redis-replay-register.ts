import type { ReplayRegister } from '@signet/core';
import { deadlineCommands, deadlineFor, TOO_LATE } from './deadline-commands.js';
import { replayKey, secondsUntil } from './keys.js';
import { RedisBacked } from './redis-backed.js';
import { storeUnavailable } from './store-unavailable.js';

/**
 * Accepted JARM responses, remembered in Redis until they expire (`SET NX EX`): the same response is accepted
 * once across all instances. Worth having with the cookie store too, which cannot make a cookie single use.
 * Redis unreachable: throws `ERR_STORE_UNAVAILABLE` (503). A registration that timed out here never lands later
 * (it carries a deadline, see `deadline-commands.ts`), so the user's retry is not refused as a replay.
 */
export class RedisReplayRegister extends RedisBacked implements ReplayRegister {
  async register(id: string, expiresAt: number): Promise<boolean> {
    let answer: number;
    try {
      const redis = deadlineCommands(this.redis);
      answer = await redis.signetRegister(replayKey(this.prefix, id), deadlineFor(redis), secondsUntil(expiresAt));
    } catch (err) {
      throw storeUnavailable('registering the response', err);
    }
    if (answer === TOO_LATE) throw storeUnavailable('registering the response', new Error('deadline passed in Redis'));
    return answer === 1;
  }
}
