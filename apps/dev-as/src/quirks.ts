import { decodeJwt, importJWK, SignJWT } from 'jose';
import type { Provider } from 'oidc-provider';
import type { Jwks } from './keys.js';
import type { DevAsQuirks } from './types.js';

type AssertClientAuth = (
  ctx: { oidc: { issuer: string; urlFor(name: string): string; route: string } },
  claims: { aud?: unknown },
) => Promise<void>;

/**
 * `assertJwtClientAuthClaimsAndHeader` for the `clientAssertionAudience` quirk: the assertion `aud` must be
 * exactly one value, the issuer, the token endpoint URL, or the URL of the endpoint called: servers in the
 * wild that accept only their own endpoint URL (RFC 9126 §2 asks them to accept all three).
 */
export function clientAssertionAudienceCheck(
  mode: NonNullable<DevAsQuirks['clientAssertionAudience']>,
  invalidClientAuth: new (description: string) => Error,
): AssertClientAuth {
  return async (ctx, claims) => {
    const expected =
      mode === 'issuer'
        ? ctx.oidc.issuer
        : mode === 'token_endpoint'
          ? ctx.oidc.urlFor('token')
          : ctx.oidc.urlFor(ctx.oidc.route);
    if (claims.aud !== expected) {
      throw new invalidClientAuth(
        `audience (aud) must equal ${mode === 'endpoint' ? 'the endpoint url' : mode === 'token_endpoint' ? 'the token endpoint url' : 'the issuer identifier url'}`,
      );
    }
  };
}

/**
 * Koa middleware for the response quirks:
 * - `jarmLifetime`: re-signs a `response` JWT leaving by redirect with `iat` = now and `exp` = now + lifetime,
 *   like servers whose JARM `exp` is their access-token lifetime (oidc-provider fixes it at 120 s);
 * - `emptyErrorBodies`: strips the body of every 4xx back-channel answer, like servers that refuse a client
 *   with a bare 401.
 */
export function installResponseQuirks(provider: Provider, quirks: DevAsQuirks, jwks: Jwks): void {
  const { jarmLifetime, emptyErrorBodies } = quirks;
  if (jarmLifetime === undefined && !emptyErrorBodies) return;
  provider.use(async (ctx, next) => {
    await next();
    if (emptyErrorBodies && ctx.status >= 400 && ctx.status < 500 && ctx.method === 'POST') {
      const status = ctx.status;
      ctx.body = '';
      ctx.status = status;
      ctx.remove('content-type');
      ctx.remove('www-authenticate');
      return;
    }
    const location = ctx.response.get('location');
    if (jarmLifetime === undefined || !location || !location.includes('response=')) return;
    const url = new URL(location);
    const jwt = url.searchParams.get('response');
    if (!jwt || jwt.split('.').length !== 3) return;
    url.searchParams.set('response', await resign(jwt, jarmLifetime, jwks));
    ctx.set('location', url.href);
  });
}

async function resign(jwt: string, lifetime: number, jwks: Jwks): Promise<string> {
  const [encodedHeader] = jwt.split('.');
  const header = JSON.parse(Buffer.from(encodedHeader!, 'base64url').toString('utf8')) as { alg: string; kid?: string };
  const jwk = jwks.keys.find((key) => key.kid === header.kid) ?? jwks.keys.find((key) => key.alg === header.alg);
  if (!jwk) throw new Error(`dev-as: no key to re-sign a ${header.alg} response`);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...decodeJwt(jwt), iat: now, exp: now + lifetime })
    .setProtectedHeader({ alg: header.alg, ...(header.kid ? { kid: header.kid } : {}) })
    .sign(await importJWK(jwk, header.alg));
}
