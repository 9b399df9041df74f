import { randomBytes } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { AttackContext } from '../attacks/drafts.js';
import { issueCode } from './id-token.js';
import { createTestKey } from './keys.js';
import type { ServerState } from './state.js';

/** What attacks on one login may use: the attacker's key, a foreign login, the previous response. */
export function attackContext(state: ServerState, clientId: string, request: JWTPayload): AttackContext {
  const { as } = state;
  const previous = state.delivered.at(-1);
  let foreign: { code: string; state: string } | undefined;
  return {
    issuer: as.issuer,
    clientId,
    key: as.key,
    now: Math.floor(Date.now() / 1000),
    attackerKey: () => (state.attackerKey ??= createTestKey(as.key.alg, 'attacker-key')),
    previousResponse: () => previous,
    foreignLogin() {
      if (foreign) return foreign;
      const other = {
        ...request,
        state: randomBytes(16).toString('base64url'),
        nonce: randomBytes(16).toString('base64url'),
        code_challenge: randomBytes(32).toString('base64url'),
      };
      const user = { sub: 'mallory', name: 'Mallory' };
      foreign = { code: issueCode(state, clientId, other, user), state: other.state };
      return foreign;
    },
  };
}
