import { randomBytes } from 'node:crypto';
import { attackNamed } from '../attacks/catalog.js';
import type { AttackContext, JwtDraft } from '../attacks/drafts.js';
import type { AttackName } from '../attacks/attack-names.js';
import { signJws } from '../forge/forge.js';
import type { IssuedCode, ServerState } from './state.js';
import type { TestUser } from './types.js';

/** The claims a scope releases (OIDC Core §5.4). */
const SCOPE_CLAIMS: Record<string, string[]> = {
  profile: ['name', 'given_name', 'family_name', 'preferred_username', 'picture', 'updated_at'],
  email: ['email', 'email_verified'],
};

/** The user's claims that `scope` releases, besides `sub`. */
export function releasedClaims(user: TestUser, scope: string): Record<string, unknown> {
  const names = scope.split(' ').flatMap((s) => SCOPE_CLAIMS[s] ?? []);
  return Object.fromEntries(names.filter((n) => user[n] !== undefined).map((n) => [n, user[n]]));
}

/** Runs a JWT draft: the signer over header and claims, then every tampering in order. */
export async function finish(draft: JwtDraft): Promise<string> {
  let jwt = await draft.sign(draft.header, draft.claims);
  for (const step of draft.tamper) jwt = step(jwt);
  return jwt;
}

/** Issues a code for a login, redeemable once at the token endpoint. */
export function issueCode(
  state: ServerState,
  clientId: string,
  request: IssuedCode['request'],
  user: TestUser,
  attacks: AttackName[] = [],
): string {
  const code = randomBytes(24).toString('base64url');
  state.codes.set(code, { clientId, request, user, attacks });
  return code;
}

/**
 * The ID token of a login, signed at the exchange (the AS's clock is Date.now(), so a test moving it moves the
 * ID token too): default claims, then the login's token-stage attacks, then `behaviour.idToken`.
 */
export async function idToken(state: ServerState, issued: IssuedCode, context: AttackContext): Promise<string> {
  const { as } = state;
  const now = Math.floor(Date.now() / 1000);
  const scope = String(issued.request.scope ?? 'openid');
  const claims: Record<string, unknown> = {
    iss: as.issuer,
    aud: issued.clientId,
    sub: issued.user.sub,
    ...(issued.request.nonce !== undefined ? { nonce: issued.request.nonce } : {}),
    iat: now,
    exp: now + 300,
    auth_time: now,
    ...releasedClaims(issued.user, scope),
  };
  const key = as.key;
  const draft: JwtDraft = {
    header: { alg: key.alg, kid: key.kid, typ: 'JWT' },
    claims,
    sign: (header, payload) => signJws(header, payload, key.privateKey),
    tamper: [],
  };
  for (const name of issued.attacks) await attackNamed(name).idToken?.(draft, context);
  if (as.behaviour.idToken) return as.behaviour.idToken(draft.claims);
  return finish(draft);
}
