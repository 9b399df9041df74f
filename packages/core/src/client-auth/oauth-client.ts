import * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config/resolve-options.js';
import { idTokenSigningAlgorithms } from '../discovery/allowed-algorithms.js';

/** The oauth4webapi view of this client. */
export function oauthClient(config: ClientConfig): oauth.Client {
  return {
    client_id: config.clientId,
    [oauth.clockTolerance]: config.clockTolerance,
    // RFC 8705 §5: with a client certificate, PAR, token, revocation and userinfo go to the AS's mTLS aliases.
    ...(config.tls?.certificate ? { use_mtls_endpoint_aliases: true } : {}),
  };
}

/**
 * The metadata as oauth4webapi should see it: ID token algorithms narrowed to this client's allow-list, so
 * a server advertising weaker algorithms cannot widen what is accepted.
 */
export function narrowedMetadata(config: ClientConfig, as: oauth.AuthorizationServer): oauth.AuthorizationServer {
  return { ...as, id_token_signing_alg_values_supported: idTokenSigningAlgorithms(config, as) };
}
