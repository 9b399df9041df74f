// The authorization endpoint: the browser arrives with a pushed request (or a request object by value), a user
// "signs in" (by name, no page), and the AS answers with a JARM response in the requested mode, optionally as a
// nested JWE, after the named attacks of this request have tampered with it.
import { importJWK, type JWTPayload } from 'jose';
import { isAttackName, type AttackName } from '../attacks/attack-names.js';
import { attackNamed } from '../attacks/catalog.js';
import type { Delivery, ResponseDraft } from '../attacks/drafts.js';
import { encryptTo, signJws } from '../forge/forge.js';
import { attackContext } from './attack-context.js';
import { OAuthFailure, readRequestObject } from './client-checks.js';
import { finish, idToken, issueCode } from './id-token.js';
import type { ServerState } from './state.js';
import type { AuthorizationOutcome, AuthorizeOptions, TestClient, TestUser } from './types.js';

/** JARM response modes and the channel each uses for `response_type=code` (JARM §2.3). */
export const DELIVERY_OF_MODE: Record<string, Delivery> = {
  jwt: 'query',
  'query.jwt': 'query',
  'fragment.jwt': 'fragment',
  'form_post.jwt': 'form_post',
};

/** A response's lifetime: short, as JARM §2.1 recommends. */
const RESPONSE_LIFETIME = 120;

function attacksOf(state: ServerState, url: URL, options: AuthorizeOptions): AttackName[] {
  const fromUrl = (url.searchParams.get('attack') ?? '').split(',').filter(Boolean);
  for (const name of fromUrl)
    if (!isAttackName(name)) throw new OAuthFailure('invalid_request', `unknown attack "${name}"`);
  const given = options.attack === undefined ? [] : [options.attack].flat();
  return [...new Set([...state.as.attacks, ...state.onceAttacks.splice(0), ...(fromUrl as AttackName[]), ...given])];
}

/** The user a login name signs in: a registered one, or one made up from the name. */
export function userNamed(state: ServerState, login: string): TestUser {
  const known = state.as.users[login];
  if (known) return known;
  const name = login.charAt(0).toUpperCase() + login.slice(1);
  return { sub: login, name, preferred_username: login, email: `${login}@example.test`, email_verified: true };
}

async function requestOf(state: ServerState, url: URL, client: TestClient): Promise<JWTPayload> {
  const requestUri = url.searchParams.get('request_uri');
  if (requestUri) {
    const pushed = state.requestUris.get(requestUri);
    state.requestUris.delete(requestUri); // single use (RFC 9126 §4)
    if (!pushed || pushed.clientId !== client.clientId || pushed.expiresAt < Date.now())
      throw new OAuthFailure('invalid_request_uri', 'unknown, used or expired request_uri');
    return pushed.claims;
  }
  const requestObject = url.searchParams.get('request');
  if (!requestObject) throw new OAuthFailure('invalid_request', 'request_uri or request is required');
  if (state.as.metadata.require_pushed_authorization_requests === true)
    throw new OAuthFailure('invalid_request', 'pushed authorization requests are required');
  const { as, options } = state;
  const claims = await readRequestObject(
    requestObject,
    client,
    as.issuer,
    options.encryptionKeys ?? [],
    options.skipClientChecks ?? false,
  );
  as.pushed.push({ requestUri: '', clientId: client.clientId, requestObject, claims });
  return claims;
}

function deliver(redirectUri: string, delivery: Delivery, params: Record<string, string>): AuthorizationOutcome {
  if (delivery === 'form_post') return { kind: 'form_post', action: redirectUri, fields: params };
  const url = new URL(redirectUri);
  if (delivery === 'query') for (const [k, v] of Object.entries(params)) url.searchParams.append(k, v);
  else url.hash = new URLSearchParams(params).toString();
  return { kind: 'redirect', url: url.href };
}

/** Answers one authorization request: where the browser goes next, carrying which (maybe tampered) response. */
export async function authorize(
  state: ServerState,
  authorizationUrl: string,
  options: AuthorizeOptions = {},
): Promise<AuthorizationOutcome> {
  const { as } = state;
  as.counts.authorization++;
  const url = new URL(authorizationUrl);
  const client = state.clients.get(url.searchParams.get('client_id') ?? '');
  if (!client) throw new OAuthFailure('invalid_client', 'unknown client_id');
  const attacks = attacksOf(state, url, options);
  const request = await requestOf(state, url, client);
  const redirectUri = String(request.redirect_uri ?? '');
  if (!URL.canParse(redirectUri) || (client.redirectUris && !client.redirectUris.includes(redirectUri)))
    throw new OAuthFailure('invalid_request', 'redirect_uri is not registered for this client');
  if (request.response_type !== 'code') throw new OAuthFailure('unsupported_response_type', 'only code');
  const delivery = DELIVERY_OF_MODE[String(request.response_mode ?? 'jwt')];
  if (!delivery) throw new OAuthFailure('invalid_request', 'this AS answers with JARM response modes only');

  const login = options.login ?? url.searchParams.get('login') ?? state.options.defaultLogin ?? 'alice';
  const denied = options.deny ?? url.searchParams.get('deny') === '1';
  const tokenAttacks = attacks.filter((name) => attackNamed(name).idToken);
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: as.issuer,
    aud: client.clientId,
    iat: now,
    exp: now + RESPONSE_LIFETIME,
    ...(denied
      ? { error: 'access_denied', error_description: 'the user denied the request' }
      : { code: issueCode(state, client.clientId, request, userNamed(state, login), tokenAttacks) }),
    ...(request.state !== undefined ? { state: request.state } : {}),
  };
  const key = as.key;
  const draft: ResponseDraft = {
    header: { alg: key.alg, kid: key.kid },
    claims,
    sign: (header, payload) => signJws(header, payload, key.privateKey),
    tamper: [],
    encrypt: true,
    extra: {},
    delivery,
  };
  const context = attackContext(state, client.clientId, request);
  const issued = state.codes.get(String(claims.code));
  if (issued && state.options.signIdTokensAtAuthorization && tokenAttacks.length === 0)
    issued.idToken = idToken(state, issued, context);
  issued?.idToken?.catch(() => undefined); // a failure surfaces at the exchange that awaits it, not as unhandled
  for (const name of attacks) await attackNamed(name).response?.(draft, context);

  let response = draft.substitute ?? (await finish(draft));
  const encryption = client.responseEncryption;
  if (encryption && draft.encrypt && !draft.substitute) {
    const alg = encryption.alg ?? encryption.jwk.alg ?? (encryption.jwk.kty === 'RSA' ? 'RSA-OAEP-256' : 'ECDH-ES');
    const publicKey = await importJWK(encryption.jwk, alg);
    response = await encryptTo(response, encryption.jwk, publicKey, { alg, enc: encryption.enc ?? 'A256GCM' });
  }
  state.delivered.push(response);
  if (state.delivered.length > 16) state.delivered.shift();
  const params = draft.replace ?? { response, ...draft.extra };
  return deliver(redirectUri, draft.delivery, params);
}
