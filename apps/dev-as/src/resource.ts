import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify, type JWTPayload } from 'jose';
import type { Provider } from 'oidc-provider';
import type { DevAsCounters } from './types.js';

/** Where the protected resource answers, beside oidc-provider's routes. */
export const RESOURCE_PATH = '/resource';

/** DPoP proof algorithms the resource accepts (the same FAPI list as the AS). */
const PROOF_ALGS = ['ES256', 'PS256', 'EdDSA'];
/** How far a proof's `iat` may be from now, seconds (RFC 9449 §11.1 leaves the window to the server). */
const IAT_WINDOW = 60;
/** Nonces rotate; the previous one stays valid for one period so that in-flight proofs still pass. */
const NONCE_PERIOD_MS = 5 * 60_000;

export interface ResourceOptions {
  /**
   * Demand a server nonce in every DPoP proof (RFC 9449 §9): a proof without the current nonce gets
   * `401 use_dpop_nonce` with a `DPoP-Nonce` header. Default true.
   */
  requireNonce?: boolean;
}

function refuse(res: ServerResponse, status: number, scheme: 'DPoP' | 'Bearer', error: string, extra = {}): void {
  const description = error === 'use_dpop_nonce' ? 'Authorization server requires nonce in DPoP proof' : error;
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'www-authenticate': `${scheme} error="${error}", error_description="${description}", algs="${PROOF_ALGS.join(' ')}"`,
    ...extra,
  });
  res.end(JSON.stringify({ error }));
}

/**
 * A small protected resource for tests and the demo (`GET /resource`): it accepts an access token issued by this
 * AS, presented as `Bearer` when unbound, and as `DPoP` with a valid proof when DPoP-bound (RFC 9449 §7): `typ`,
 * `alg`, signature with the embedded public key, `htm`, `htu`, `iat`, single-use `jti`, `ath` and the `cnf.jkt`
 * binding, and the server nonce when required. It answers with what it knows of the token.
 */
export function resourceHandler(
  provider: Provider,
  issuer: string,
  counters: DevAsCounters,
  options: ResourceOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const requireNonce = options.requireNonce ?? true;
  const seen = new Map<string, number>();
  const nonces = { current: randomBytes(16).toString('base64url'), previous: '', rotatedAt: Date.now() };
  const currentNonce = () => {
    if (Date.now() - nonces.rotatedAt > NONCE_PERIOD_MS) {
      nonces.previous = nonces.current;
      nonces.current = randomBytes(16).toString('base64url');
      nonces.rotatedAt = Date.now();
    }
    return nonces.current;
  };
  const htu = issuer + RESOURCE_PATH;

  return async (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== RESOURCE_PATH) return false;
    counters.resource += 1;
    const authorization = req.headers.authorization ?? '';
    const [scheme, value, ...rest] = authorization.split(' ');
    const presented = scheme?.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
    if (!value || rest.length > 0 || (scheme?.toLowerCase() !== 'dpop' && scheme?.toLowerCase() !== 'bearer')) {
      refuse(res, 401, 'DPoP', 'invalid_request');
      return true;
    }
    const token = await provider.AccessToken.find(value);
    if (!token) {
      refuse(res, 401, presented, 'invalid_token');
      return true;
    }
    if (!token.jkt) {
      // An unbound token travels as Bearer only (RFC 9449 §7.1).
      if (presented !== 'Bearer') refuse(res, 401, 'Bearer', 'invalid_token');
      else answer(res, token, false);
      return true;
    }
    const proof = req.headers['dpop'];
    if (presented !== 'DPoP' || typeof proof !== 'string') {
      refuse(res, 401, 'DPoP', 'invalid_token');
      return true;
    }
    let payload: JWTPayload;
    let jkt: string;
    try {
      const verified = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: PROOF_ALGS });
      payload = verified.payload;
      jkt = await calculateJwkThumbprint(verified.protectedHeader.jwk!);
    } catch {
      refuse(res, 401, 'DPoP', 'invalid_dpop_proof');
      return true;
    }
    const now = Math.floor(Date.now() / 1000);
    const ath = createHash('sha256').update(value).digest('base64url');
    const valid =
      payload['htm'] === req.method &&
      payload['htu'] === htu &&
      typeof payload.iat === 'number' &&
      Math.abs(payload.iat - now) <= IAT_WINDOW &&
      typeof payload.jti === 'string' &&
      payload['ath'] === ath;
    if (!valid || jkt !== token.jkt) {
      refuse(res, 401, 'DPoP', valid ? 'invalid_token' : 'invalid_dpop_proof');
      return true;
    }
    const nonce = currentNonce();
    if (
      requireNonce &&
      payload['nonce'] !== nonce &&
      (nonces.previous === '' || payload['nonce'] !== nonces.previous)
    ) {
      refuse(res, 401, 'DPoP', 'use_dpop_nonce', { 'dpop-nonce': nonce });
      return true;
    }
    for (const [id, exp] of seen) if (exp < now) seen.delete(id);
    if (seen.has(payload.jti!)) {
      refuse(res, 401, 'DPoP', 'invalid_dpop_proof');
      return true;
    }
    seen.set(payload.jti!, now + 2 * IAT_WINDOW);
    answer(res, token, true, requireNonce ? { 'dpop-nonce': nonce } : {});
    return true;
  };
}

function answer(
  res: ServerResponse,
  token: { accountId: string; clientId?: string | undefined; scope?: string | undefined; rar?: unknown },
  bound: boolean,
  headers: Record<string, string> = {},
): void {
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(
    JSON.stringify({
      resource: 'dev-as',
      sub: token.accountId,
      client_id: token.clientId,
      scope: token.scope ?? '',
      dpop_bound: bound,
      ...(token.rar ? { authorization_details: token.rar } : {}),
    }),
  );
}
