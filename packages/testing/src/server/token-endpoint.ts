// The token endpoint: private_key_jwt, then the code (single use, same client, same redirect_uri), PKCE S256,
// DPoP (the proof, its nonce, the dpop_jkt the pushed request bound), and an ID token; refresh with rotation.
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { decodeJwt } from 'jose';
import { attackContext } from './attack-context.js';
import { opaque } from './opaque.js';
import { authenticateClient, OAuthFailure, verifyDpopProof } from './client-checks.js';
import { idToken } from './id-token.js';
import type { IssuedToken, ServerState } from './state.js';

const ACCESS_TOKEN_LIFETIME = 300;
const s256 = (value: string) => createHash('sha256').update(value).digest('base64url');

async function dpopBinding(state: ServerState, headers: IncomingHttpHeaders): Promise<string | undefined> {
  const proof = headers['dpop'];
  if (typeof proof !== 'string') {
    if (state.options.requireDpop) throw new OAuthFailure('invalid_dpop_proof', 'a DPoP proof is required');
    return undefined;
  }
  if (state.options.skipClientChecks) return 'unchecked';
  if (state.options.dpopNonce) {
    let nonce: unknown;
    try {
      nonce = decodeJwt(proof).nonce;
    } catch {
      throw new OAuthFailure('invalid_dpop_proof', 'the DPoP proof is not a JWT');
    }
    if (nonce !== state.dpopNonce)
      throw new OAuthFailure('use_dpop_nonce', 'use the DPoP nonce', 400, { 'dpop-nonce': state.dpopNonce });
  }
  const url = String(state.as.metadata.token_endpoint);
  return verifyDpopProof(proof, 'POST', url, state.dpopJti, state.options.dpopNonce ? { nonce: state.dpopNonce } : {});
}

async function tokens(state: ServerState, grant: IssuedToken, withIdToken?: Promise<string>) {
  const accessToken = opaque();
  const refreshToken = opaque();
  state.accessTokens.set(accessToken, grant);
  state.refreshTokens.set(refreshToken, { ...grant, expiresAt: Date.now() + 86_400_000 });
  return {
    access_token: accessToken,
    token_type: grant.jkt ? 'DPoP' : 'Bearer',
    expires_in: ACCESS_TOKEN_LIFETIME,
    scope: grant.scope,
    refresh_token: refreshToken,
    ...(withIdToken ? { id_token: await withIdToken } : {}),
  };
}

/** Answers one token request: the token response body, or throws the OAuth error. */
export async function tokenRequest(
  state: ServerState,
  form: URLSearchParams,
  headers: IncomingHttpHeaders,
): Promise<Record<string, unknown>> {
  const { as, options } = state;
  const client = await authenticateClient(
    form,
    state.clients,
    as.issuer,
    state.assertionJti,
    options.skipClientChecks ?? false,
  );
  const jkt = await dpopBinding(state, headers);
  const grantType = form.get('grant_type');

  if (grantType === 'authorization_code') {
    const code = form.get('code') ?? '';
    const issued = state.codes.get(code);
    state.codes.delete(code); // single use, even when refused below
    if (!issued || issued.clientId !== client.clientId) throw new OAuthFailure('invalid_grant', 'unknown or used code');
    if (issued.request.redirect_uri !== form.get('redirect_uri'))
      throw new OAuthFailure('invalid_grant', 'redirect_uri differs from the authorization request');
    const verifier = form.get('code_verifier') ?? '';
    if (issued.request.code_challenge_method !== 'S256' || issued.request.code_challenge !== s256(verifier))
      throw new OAuthFailure('invalid_grant', 'PKCE verification failed');
    const boundTo = issued.request.dpop_jkt;
    if (boundTo !== undefined && jkt !== 'unchecked' && boundTo !== jkt)
      throw new OAuthFailure('invalid_dpop_proof', 'the DPoP key is not the one the request bound (dpop_jkt)');
    const scope = String(issued.request.scope ?? 'openid');
    const grant: IssuedToken = {
      clientId: client.clientId,
      user: issued.user,
      scope,
      request: issued.request,
      ...(jkt ? { jkt } : {}),
      expiresAt: Date.now() + ACCESS_TOKEN_LIFETIME * 1000,
    };
    const openid = scope.split(' ').includes('openid');
    const context = attackContext(state, client.clientId, issued.request);
    const presigned = as.behaviour.idToken ? undefined : issued.idToken;
    return tokens(state, grant, openid ? (presigned ?? idToken(state, issued, context)) : undefined);
  }

  if (grantType === 'refresh_token') {
    as.counts.refresh++;
    const presented = form.get('refresh_token') ?? '';
    const grant = state.refreshTokens.get(presented);
    state.refreshTokens.delete(presented); // rotation: the old refresh token is dead
    if (!grant || grant.clientId !== client.clientId || grant.expiresAt < Date.now())
      throw new OAuthFailure('invalid_grant', 'unknown, used or expired refresh token');
    if (grant.jkt && grant.jkt !== jkt && jkt !== 'unchecked')
      throw new OAuthFailure('invalid_dpop_proof', 'the refresh token is bound to another DPoP key');
    return tokens(state, { ...grant, expiresAt: Date.now() + ACCESS_TOKEN_LIFETIME * 1000 });
  }

  throw new OAuthFailure('unsupported_grant_type', `grant_type ${grantType ?? '(none)'}`);
}
