import type * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config/resolve-options.js';
import type { RemoteKeySet } from '../jwks/remote-key-set.js';
import type { AuthorizationParameters } from './authorization-parameters.js';
import { requestObjectClaims, type ProtocolParameters } from './request-object-claims.js';
import { encryptRequestObject, signRequestObject } from './sign-request-object.js';
import { selectEncryptionKey } from './select-encryption-key.js';

/** A built request object: what the AS receives, and the signed JWS the audit evidence seals. */
export interface BuiltRequestObject {
  /** The request object as sent: the signed JWS, or the nested JWE wrapping it. */
  requestObject: string;
  /** The signed JWS before any encryption to the AS (the evidence of what was asked). */
  signed: string;
  jti: string;
}

/**
 * The JAR step of a login (RFC 9101): every authorization parameter as a claim, signed with the client's first
 * key, then encrypted to the AS's key when `encryptRequestObject` is on (the key set is read only then).
 * `onSigned` receives the `jti` as soon as it exists, so a refusal after signing can still name it.
 */
export async function buildRequestObject(
  config: ClientConfig,
  as: oauth.AuthorizationServer,
  keySet: () => Promise<RemoteKeySet>,
  protocol: ProtocolParameters,
  params: AuthorizationParameters,
  onSigned?: (jti: string) => void,
): Promise<BuiltRequestObject> {
  const { jwt, jti } = await signRequestObject({
    claims: requestObjectClaims(protocol, params),
    clientId: config.clientId,
    issuer: config.issuer,
    key: config.signingKeys[0]!,
    lifetime: config.requestObjectLifetime,
  });
  onSigned?.(jti);
  if (!config.encryptRequestObject) return { requestObject: jwt, signed: jwt, jti };
  const keys = await (await keySet()).keys();
  const key = await selectEncryptionKey(as, keys, config.encryptRequestObject);
  return { requestObject: await encryptRequestObject(jwt, key), signed: jwt, jti };
}
