import type * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';
import { isLoopbackUrl } from '../http/loopback.js';

function missing(what: string): never {
  throw new SignetError('ERR_DISCOVERY_METADATA_INVALID', `the authorization server metadata lacks ${what}`);
}

/** Refuses metadata that cannot carry a signed, verified flow for this client's configuration. */
export function validateMetadata(config: ClientConfig, as: oauth.AuthorizationServer): void {
  for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
    if (typeof as[endpoint] !== 'string') missing(`"${endpoint}"`);
    // jose fetches jwks_uri and the browser follows authorization_endpoint without oauth4webapi's https guard:
    // keys fetched in plain text would let a network attacker sign responses.
    let url: URL | undefined;
    try {
      url = new URL(as[endpoint]!);
    } catch {
      url = undefined;
    }
    if (
      !url ||
      !(url.protocol === 'https:' || (url.protocol === 'http:' && config.allowInsecureLoopback && isLoopbackUrl(url)))
    ) {
      missing(`an https "${endpoint}"`);
    }
  }
  if (config.usePar === true || config.profile === 'fapi2') {
    if (typeof as.pushed_authorization_request_endpoint !== 'string')
      missing('"pushed_authorization_request_endpoint" (PAR is required)');
  }
  const modes = as.response_modes_supported;
  if (Array.isArray(modes) && !modes.includes(config.responseMode)) {
    missing(`support for response_mode "${config.responseMode}" (it advertises ${modes.join(', ')})`);
  }
  const authAlgs = as.authorization_signing_alg_values_supported;
  if (Array.isArray(authAlgs) && !authAlgs.some((alg) => config.responseAlgorithms.includes(alg))) {
    missing(`a JARM signing algorithm this client allows (${config.responseAlgorithms.join(', ')})`);
  }
}
