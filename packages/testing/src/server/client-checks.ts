// What the test AS checks of a client's own messages, as a strict FAPI 2.0 AS would: private_key_jwt client
// assertions (RFC 7523, aud = the issuer), request objects (RFC 9101) and DPoP proofs (RFC 9449).
import { calculateJwkThumbprint, compactDecrypt, createLocalJWKSet, decodeJwt, EmbeddedJWK, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import type { TestKey } from './keys.js';
import type { TestClient } from './types.js';

/** An OAuth error the test AS answers with. */
export class OAuthFailure extends Error {
  constructor(
    readonly error: string,
    description: string,
    readonly status = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ALGORITHMS = ['ES256', 'PS256', 'EdDSA'];

/** Authenticates the client of a back-channel request by its `private_key_jwt` assertion; returns its id. */
export async function authenticateClient(
  form: URLSearchParams,
  clients: Map<string, TestClient>,
  issuer: string,
  seenJti: Set<string>,
  skipChecks: boolean,
): Promise<TestClient> {
  const assertion = form.get('client_assertion');
  if (form.get('client_assertion_type') !== ASSERTION_TYPE || !assertion)
    throw new OAuthFailure('invalid_client', 'private_key_jwt client authentication is required', 401);
  let claims: JWTPayload;
  try {
    claims = decodeJwt(assertion);
  } catch {
    throw new OAuthFailure('invalid_client', 'the client assertion is not a JWT', 401);
  }
  const clientId = String(claims.iss ?? '');
  const client = clients.get(clientId);
  if (!client) throw new OAuthFailure('invalid_client', `unknown client "${clientId}"`, 401);
  const outer = form.get('client_id');
  if (outer !== null && outer !== clientId)
    throw new OAuthFailure('invalid_client', 'client_id differs from the assertion issuer', 401);
  if (skipChecks || !client.jwks) return client;
  try {
    await jwtVerify(assertion, createLocalJWKSet(client.jwks), {
      issuer: clientId,
      subject: clientId,
      audience: issuer,
      algorithms: ALGORITHMS,
      requiredClaims: ['exp', 'jti'],
      currentDate: new Date(Date.now()),
    });
  } catch (err) {
    throw new OAuthFailure('invalid_client', `client assertion: ${(err as Error).message}`, 401);
  }
  const key = `${clientId}:${String(claims.jti)}`;
  if (seenJti.has(key)) throw new OAuthFailure('invalid_client', 'client assertion jti replayed', 401);
  seenJti.add(key);
  return client;
}

/** The request object's claims: decrypted when it is a JWE, verified with the client's keys when registered. */
export async function readRequestObject(
  requestObject: string,
  client: TestClient,
  issuer: string,
  encryptionKeys: TestKey[],
  skipChecks: boolean,
): Promise<JWTPayload> {
  let jws = requestObject;
  if (requestObject.split('.').length === 5) {
    const header = JSON.parse(Buffer.from(requestObject.split('.')[0]!, 'base64url').toString('utf8')) as {
      kid?: string;
    };
    const key = encryptionKeys.find((k) => k.kid === header.kid) ?? encryptionKeys[0];
    if (!key) throw new OAuthFailure('invalid_request_object', 'an encrypted request object, but no encryption key');
    try {
      jws = new TextDecoder().decode((await compactDecrypt(requestObject, key.privateKey)).plaintext);
    } catch (err) {
      throw new OAuthFailure('invalid_request_object', `request object decryption: ${(err as Error).message}`);
    }
  }
  let claims: JWTPayload;
  try {
    claims = decodeJwt(jws);
  } catch {
    throw new OAuthFailure('invalid_request_object', 'the request object is not a JWT');
  }
  if (skipChecks || !client.jwks) return claims;
  try {
    await jwtVerify(jws, createLocalJWKSet(client.jwks), {
      issuer: client.clientId,
      audience: issuer,
      typ: 'oauth-authz-req+jwt',
      algorithms: ALGORITHMS,
      requiredClaims: ['exp', 'nbf', 'jti'],
      currentDate: new Date(Date.now()),
    });
  } catch (err) {
    throw new OAuthFailure('invalid_request_object', (err as Error).message);
  }
  if (claims.client_id !== client.clientId)
    throw new OAuthFailure('invalid_request_object', 'the request object client_id is not the client');
  return claims;
}

/** Verifies a DPoP proof for `method url` and returns the thumbprint (jkt) of its key. */
export async function verifyDpopProof(
  proof: string,
  method: string,
  url: string,
  seenJti: Set<string>,
  expected: { nonce?: string; accessTokenHash?: string } = {},
): Promise<string> {
  try {
    const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, {
      typ: 'dpop+jwt',
      algorithms: ALGORITHMS,
      currentDate: new Date(Date.now()),
    });
    const now = Math.floor(Date.now() / 1000);
    if (payload.htm !== method) throw new Error(`htm is not ${method}`);
    if (payload.htu !== url) throw new Error(`htu is not ${url}`);
    if (typeof payload.iat !== 'number' || Math.abs(now - payload.iat) > 60) throw new Error('iat is not fresh');
    if (typeof payload.jti !== 'string' || seenJti.has(payload.jti)) throw new Error('jti missing or replayed');
    if (expected.nonce !== undefined && payload.nonce !== expected.nonce) throw new Error('nonce mismatch');
    if (expected.accessTokenHash !== undefined && payload.ath !== expected.accessTokenHash)
      throw new Error('ath mismatch');
    seenJti.add(payload.jti);
    return await calculateJwkThumbprint(protectedHeader.jwk!);
  } catch (err) {
    throw new OAuthFailure('invalid_dpop_proof', `DPoP proof: ${(err as Error).message}`);
  }
}
