import { decodeJwt } from 'jose';
import { SignetError } from '../errors/signet-error.js';

/** What could be learnt of an access token's certificate binding. */
export type CertificateBinding =
  /** A JWT whose `cnf.x5t#S256` is this client's certificate thumbprint. */
  | 'bound'
  /** An opaque token: its binding is the server's to check; it is only ever sent over our mutual-TLS connection. */
  | 'opaque'
  /** A JWT without a certificate binding, accepted because none is required. */
  | 'unbound';

/**
 * Checks a certificate-bound access token (RFC 8705 §3) against this client's certificate before it is used:
 * a JWT bound to another certificate would be refused by the resource server anyway, and must not be sent
 * elsewhere. The token is only decoded, not verified: the client is not its audience and holds no key for it;
 * the check guards this client's own use, the resource server verifies.
 *
 * @param required refuse a JWT carrying no `cnf.x5t#S256` (the profile needs sender-constrained tokens and the
 * certificate is the only constraint).
 */
export function checkCertificateBinding(
  accessToken: string,
  thumbprint: string,
  required: boolean,
): CertificateBinding {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(accessToken);
  } catch {
    return 'opaque';
  }
  const cnf = claims['cnf'];
  const bound = cnf && typeof cnf === 'object' ? (cnf as Record<string, unknown>)['x5t#S256'] : undefined;
  if (bound === undefined) {
    if (required)
      throw new SignetError(
        'ERR_CERTIFICATE_BINDING_MISSING',
        'the access token carries no cnf.x5t#S256 certificate binding, and a sender-constrained token is required',
      );
    return 'unbound';
  }
  if (bound !== thumbprint)
    throw new SignetError(
      'ERR_CERTIFICATE_BINDING_MISMATCH',
      "the access token is bound to another certificate than this client's (cnf.x5t#S256 differs)",
    );
  return 'bound';
}
