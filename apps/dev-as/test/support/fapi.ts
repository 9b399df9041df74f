import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  CompactEncrypt,
  SignJWT,
  compactDecrypt,
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type JWK,
  type JWTPayload,
} from 'jose';
import { REDIRECT_URI, type TestClient } from './clients.js';

/** Hand-rolled FAPI client steps, so the AS is tested without trusting any RP library. */

export type Discovery = Record<string, unknown> & {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  pushed_authorization_request_endpoint: string;
  jwks_uri: string;
};

export async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery failed: ${response.status}`);
  return (await response.json()) as Discovery;
}

export async function asJwks(discovery: Discovery): Promise<{ keys: JWK[] }> {
  return (await (await fetch(discovery.jwks_uri)).json()) as { keys: JWK[] };
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface FlowParams {
  state: string;
  nonce: string;
  verifier: string;
  params: Record<string, unknown>;
}

/** The authorization request parameters every test starts from (JARM, PKCE S256, openid). */
export function baseParams(client: TestClient, overrides: Record<string, unknown> = {}): FlowParams {
  const { verifier, challenge } = pkce();
  const state = randomUUID();
  const nonce = randomUUID();
  return {
    state,
    nonce,
    verifier,
    params: {
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      response_mode: 'jwt',
      scope: 'openid profile email',
      state,
      nonce,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...overrides,
    },
  };
}

export async function signingKey(client: TestClient) {
  return importJWK(client.signingKey, client.alg);
}

/** private_key_jwt; under FAPI 2.0 `aud` must be the issuer identifier itself. */
export async function clientAssertion(client: TestClient, audience: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: client.alg, kid: client.signingKey.kid! })
    .setIssuer(client.id)
    .setSubject(client.id)
    .setAudience(audience)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(await signingKey(client));
}

/** JAR (RFC 9101) request object with the claims FAPI requires (exp - nbf ≤ 60 min). */
export async function requestObject(
  client: TestClient,
  issuer: string,
  params: Record<string, unknown>,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...params, client_id: client.id })
    .setProtectedHeader({ alg: client.alg, kid: client.signingKey.kid!, typ: 'oauth-authz-req+jwt' })
    .setIssuer(client.id)
    .setAudience(issuer)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 300)
    .setJti(randomUUID())
    .sign(await signingKey(client));
}

/** Nested JWT: the signed request object encrypted to the AS's ECDH-ES key from its published JWKS. */
export async function encryptToAs(discovery: Discovery, jws: string): Promise<string> {
  const key = (await asJwks(discovery)).keys.find((k) => k.use === 'enc' && k.kty === 'EC');
  if (!key) throw new Error('AS publishes no EC encryption key');
  return new CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', kid: key.kid!, cty: 'JWT' })
    .encrypt(await importJWK(key, 'ECDH-ES'));
}

export async function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

export async function clientAuth(client: TestClient, issuer: string): Promise<Record<string, string>> {
  return {
    client_id: client.id,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await clientAssertion(client, issuer),
  };
}

/** PAR with a (possibly encrypted) request object; returns the authorization URL to send the browser to. */
export async function pushedAuthorizationUrl(
  discovery: Discovery,
  client: TestClient,
  params: Record<string, unknown>,
  opts: { encrypt?: boolean } = {},
): Promise<string> {
  let request = await requestObject(client, discovery.issuer, params);
  if (opts.encrypt) request = await encryptToAs(discovery, request);
  const par = await postForm(discovery.pushed_authorization_request_endpoint, {
    ...(await clientAuth(client, discovery.issuer)),
    request,
  });
  if (par.status !== 201) throw new Error(`PAR failed: ${par.status} ${JSON.stringify(par.body)}`);
  const url = new URL(discovery.authorization_endpoint);
  url.searchParams.set('client_id', client.id);
  url.searchParams.set('request_uri', String(par.body['request_uri']));
  return url.href;
}

/** Verifies a JARM response (decrypting it first when it is a JWE) against the AS's published keys. */
export async function verifyJarm(discovery: Discovery, client: TestClient, response: string): Promise<JWTPayload> {
  let jws = response;
  if (response.split('.').length === 5) {
    const { plaintext } = await compactDecrypt(response, await importJWK(client.decryptionKey, 'ECDH-ES'));
    jws = new TextDecoder().decode(plaintext);
  }
  const { alg } = decodeProtectedHeader(jws);
  if (alg !== client.alg) throw new Error(`JARM signed with ${alg}, client registered ${client.alg}`);
  const { payload } = await jwtVerify(jws, createLocalJWKSet(await asJwks(discovery)), {
    issuer: discovery.issuer,
    audience: client.id,
    algorithms: [client.alg],
  });
  return payload;
}

export function responseParam(redirectUrl: string): string {
  const url = new URL(redirectUrl);
  const fromQuery = url.searchParams.get('response');
  const fromFragment = new URLSearchParams(url.hash.slice(1)).get('response');
  const response = fromQuery ?? fromFragment;
  if (!response) throw new Error(`no JARM response in ${redirectUrl}`);
  return response;
}

/** DPoP proof (RFC 9449) for one request. */
export async function dpopProof(htm: string, htu: string): Promise<string> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return new SignJWT({ htm, htu, jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(publicKey) })
    .setIssuedAt()
    .sign(privateKey);
}

export async function redeemCode(
  discovery: Discovery,
  client: TestClient,
  code: string,
  verifier: string,
  headers: Record<string, string> = {},
  redirectUri: string = REDIRECT_URI,
) {
  return postForm(
    discovery.token_endpoint,
    {
      ...(await clientAuth(client, discovery.issuer)),
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
    },
    headers,
  );
}
