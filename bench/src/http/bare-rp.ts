import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';

/**
 * The baseline: the same relying-party work done by hand with jose and fetch, the way an application without
 * Signet would write it. Login: state, nonce, PKCE, a signed request object, a private_key_jwt assertion, PAR,
 * a bounded in-memory pending login and a browser-binding cookie. Callback: the pending login taken by state,
 * the JARM response verified (iss, aud, exp, alg, signature from jwks_uri), state and binding compared, the
 * code exchanged with an assertion and the PKCE verifier, the ID token verified (iss, aud, exp, nonce), and an
 * HMAC-signed session cookie set. It omits what Signet adds beyond that (replay register, audit events, coded
 * errors, the header and lifetime policy, unsigned-parameter checks).
 */
export interface BareRpOptions {
  issuer: string;
  clientId: string;
  redirectUri: string;
  signingKey: JWK;
  cookieSecret: string;
}

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  binding: string;
  expiresAt: number;
}

const ALGORITHMS = ['ES256', 'PS256', 'EdDSA'];
const MAX_PENDING = 10_000;
const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

export class BareRp {
  readonly #pending = new Map<string, Pending>();

  private constructor(
    private readonly options: BareRpOptions,
    private readonly metadata: {
      authorization_endpoint: string;
      token_endpoint: string;
      pushed_authorization_request_endpoint: string;
      jwks_uri: string;
    },
    private readonly key: CryptoKey,
    private readonly jwks: ReturnType<typeof createRemoteJWKSet>,
  ) {}

  static async create(options: BareRpOptions): Promise<BareRp> {
    const response = await fetch(`${options.issuer}/.well-known/openid-configuration`);
    const metadata = (await response.json()) as BareRp['metadata'] & { issuer: string };
    if (metadata.issuer !== options.issuer) throw new Error('issuer mismatch');
    const key = (await importJWK(options.signingKey, options.signingKey.alg ?? 'ES256')) as CryptoKey;
    return new BareRp(options, metadata, key, createRemoteJWKSet(new URL(metadata.jwks_uri)));
  }

  #assertion(): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: this.options.signingKey.alg ?? 'ES256', kid: this.options.signingKey.kid! })
      .setIssuer(this.options.clientId)
      .setSubject(this.options.clientId)
      .setAudience(this.options.issuer)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(this.key);
  }

  async login(): Promise<{ url: string; cookie: string }> {
    const { clientId, issuer, redirectUri } = this.options;
    const state = randomBytes(32).toString('base64url');
    const nonce = randomBytes(32).toString('base64url');
    const verifier = randomBytes(32).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const request = await new SignJWT({
      client_id: clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      response_mode: 'jwt',
      scope: 'openid',
      state,
      nonce,
      code_challenge: sha256(verifier),
      code_challenge_method: 'S256',
    })
      .setProtectedHeader({
        alg: this.options.signingKey.alg ?? 'ES256',
        kid: this.options.signingKey.kid!,
        typ: 'oauth-authz-req+jwt',
      })
      .setIssuer(clientId)
      .setAudience(issuer)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 60)
      .setJti(randomUUID())
      .sign(this.key);
    const par = await fetch(this.metadata.pushed_authorization_request_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        client_id: clientId,
        request,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await this.#assertion(),
      }),
      signal: AbortSignal.timeout(5000),
    });
    if (par.status !== 201) throw new Error(`PAR answered ${par.status}`);
    const { request_uri: requestUri } = (await par.json()) as { request_uri: string };
    const binding = randomBytes(32).toString('base64url');
    this.#pending.set(state, { state, nonce, verifier, binding: sha256(binding), expiresAt: now + 600 });
    if (this.#pending.size > MAX_PENDING) this.#pending.delete(this.#pending.keys().next().value!);
    const url = new URL(this.metadata.authorization_endpoint);
    url.searchParams.set('client_id', clientId);
    url.searchParams.set('request_uri', requestUri);
    return {
      url: url.href,
      cookie: `b.${sha256(state).slice(0, 16)}=${binding}; Path=/; HttpOnly; SameSite=Lax; Max-Age=600`,
    };
  }

  /** Returns the session cookie, or throws (the controller answers 400). */
  async callback(response: unknown, cookies: Record<string, string>): Promise<string> {
    if (typeof response !== 'string') throw new Error('no response');
    const state = decodeJwt(response).state;
    const pending = typeof state === 'string' ? this.#pending.get(state) : undefined;
    if (typeof state === 'string') this.#pending.delete(state);
    const { issuer, clientId, redirectUri } = this.options;
    const { payload } = await jwtVerify(response, this.jwks, {
      issuer,
      audience: clientId,
      algorithms: ALGORITHMS,
      requiredClaims: ['exp'],
      clockTolerance: 5,
    });
    if (
      !pending ||
      payload.state !== pending.state ||
      pending.expiresAt * 1000 < Date.now() ||
      typeof payload.code !== 'string'
    )
      throw new Error('state');
    const presented = Buffer.from(sha256(cookies[`b.${sha256(pending.state).slice(0, 16)}`] ?? ''));
    const expected = Buffer.from(pending.binding);
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) throw new Error('binding');
    const token = await fetch(this.metadata.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: payload.code,
        redirect_uri: redirectUri,
        code_verifier: pending.verifier,
        client_id: clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await this.#assertion(),
      }),
      signal: AbortSignal.timeout(5000),
    });
    if (token.status !== 200) throw new Error(`token endpoint answered ${token.status}`);
    const tokens = (await token.json()) as { access_token?: string; id_token?: string; token_type?: string };
    if (typeof tokens.access_token !== 'string' || typeof tokens.id_token !== 'string')
      throw new Error('token response');
    const { payload: id } = await jwtVerify(tokens.id_token, this.jwks, {
      issuer,
      audience: clientId,
      algorithms: ALGORITHMS,
      requiredClaims: ['exp', 'iat', 'sub'],
      clockTolerance: 5,
    });
    if (id.nonce !== pending.nonce) throw new Error('nonce');
    const session = Buffer.from(
      JSON.stringify({ sub: id.sub, iss: issuer, exp: Math.floor(Date.now() / 1000) + 28_800 }),
    ).toString('base64url');
    const mac = createHmac('sha256', this.options.cookieSecret).update(session).digest('base64url');
    return `session=${session}.${mac}; Path=/; HttpOnly; SameSite=Lax; Max-Age=28800`;
  }
}
