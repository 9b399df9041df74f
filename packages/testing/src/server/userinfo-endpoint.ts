import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { OAuthFailure, verifyDpopProof } from './client-checks.js';
import { releasedClaims } from './id-token.js';
import type { ServerState } from './state.js';

/** The userinfo answer for the presented access token (Bearer, or DPoP with a proof of the bound key). */
export async function serveUserinfo(state: ServerState, req: IncomingMessage): Promise<Record<string, unknown>> {
  const [scheme, token = ''] = (req.headers.authorization ?? '').split(' ');
  const grant = state.accessTokens.get(token);
  if (!grant || grant.expiresAt < Date.now()) throw new OAuthFailure('invalid_token', 'unknown or expired token', 401);
  if (grant.jkt && grant.jkt !== 'unchecked') {
    const proof = req.headers['dpop'];
    if (scheme !== 'DPoP' || typeof proof !== 'string')
      throw new OAuthFailure('invalid_token', 'a DPoP-bound token needs the DPoP scheme and a proof', 401);
    const ath = createHash('sha256').update(token).digest('base64url');
    const url = String(state.as.metadata.userinfo_endpoint);
    const jkt = await verifyDpopProof(proof, req.method ?? 'GET', url, state.dpopJti, { accessTokenHash: ath });
    if (jkt !== grant.jkt) throw new OAuthFailure('invalid_token', 'the proof key is not the bound key', 401);
  }
  return { sub: grant.user.sub, ...releasedClaims(grant.user, grant.scope) };
}
