import type { ProtectedHeaderParameters } from 'jose';
import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';

const KEY_REFERENCES = ['jku', 'jwk', 'x5u', 'x5c'] as const;
const ACCEPTED_TYP = new Set(['jwt', 'application/jwt']);

/**
 * Header policy, checked before any key lookup: the algorithm comes from the client's allow-list (never
 * from the token alone, never "none"); keys come only from the AS's jwks_uri, so a header that points at
 * or embeds a key is refused rather than ignored; no `crit` extension is understood; a `typ`, if present,
 * must say JWT, so that another kind of token (a request object, an access token) cannot pose as a response.
 */
export function checkHeader(config: ClientConfig, header: ProtectedHeaderParameters): void {
  if (typeof header.alg !== 'string' || !config.responseAlgorithms.includes(header.alg)) {
    throw new SignetError(
      'ERR_JARM_ALG_NOT_ALLOWED',
      `response "alg" ${JSON.stringify(header.alg ?? null)} is not allowed (allowed: ${config.responseAlgorithms.join(', ')})`,
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
  if (header.typ !== undefined && (typeof header.typ !== 'string' || !ACCEPTED_TYP.has(header.typ.toLowerCase()))) {
    throw new SignetError(
      'ERR_JARM_HEADER_INVALID',
      `response header "typ" ${JSON.stringify(header.typ)} is not a JWT`,
      { field: 'typ' },
    );
  }
}
