import type { ProtectedHeaderParameters } from 'jose';
import { SignetError } from '../errors/signet-error.js';

const KEY_REFERENCES = ['jku', 'jwk', 'x5u', 'x5c'] as const;
const ACCEPTED_TYP = new Set(['jwt', 'application/jwt']);

/** What the header policy needs: the algorithms this client accepts from this AS. */
export interface HeaderPolicy {
  /** The allow-list, already narrowed to what the AS advertises. Never "none", never symmetric. */
  algorithms: readonly string[];
}

/**
 * Header policy, checked before any key lookup: the algorithm comes from the client's allow-list (never
 * from the token alone, never "none"); keys come only from the AS's jwks_uri, so a header that points at
 * or embeds a key is refused rather than ignored; no `crit` extension is understood; no `zip` (a JWS is never
 * compressed, and a response that says so is not one we asked for); a `typ`, if present, must say JWT, so that
 * another kind of token (a request object, an access token) cannot pose as a response.
 * Messages name the header parameter, never its value: the value is the sender's text and ends on our pages.
 */
export function checkHeader(header: ProtectedHeaderParameters, policy: HeaderPolicy): void {
  if (typeof header.alg !== 'string' || !policy.algorithms.includes(header.alg)) {
    throw new SignetError(
      'ERR_JARM_ALG_NOT_ALLOWED',
      `response "alg" is not allowed (allowed: ${policy.algorithms.join(', ')})`,
      { field: 'alg' },
    );
  }
  for (const name of KEY_REFERENCES) {
    if (name in header)
      throw new SignetError(
        'ERR_JARM_HEADER_INVALID',
        `response header "${name}" is refused: keys come only from the authorization server's jwks_uri`,
        { field: name },
      );
  }
  if ('crit' in header)
    throw new SignetError(
      'ERR_JARM_CRIT_UNSUPPORTED',
      'response header "crit" names extensions this client does not understand',
      { field: 'crit' },
    );
  // RFC 7797: "b64" changes what the signature covers; a response never uses it, and jose ignores it without crit.
  if ('b64' in header)
    throw new SignetError(
      'ERR_JARM_HEADER_INVALID',
      'response header "b64" is refused: payloads are base64url-encoded',
      {
        field: 'b64',
      },
    );
  if ('zip' in header)
    throw new SignetError(
      'ERR_JARM_HEADER_INVALID',
      'response header "zip" is refused: responses are never compressed',
      {
        field: 'zip',
      },
    );
  if (header.typ !== undefined && (typeof header.typ !== 'string' || !ACCEPTED_TYP.has(header.typ.toLowerCase()))) {
    throw new SignetError('ERR_JARM_HEADER_INVALID', 'response header "typ" is not a JWT', { field: 'typ' });
  }
}
