import * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config/resolve-options.js';
import { idTokenSigningAlgorithms } from '../discovery/allowed-algorithms.js';

// Both views are pure functions of a configuration (and a metadata document) that never change once made, and
// oauth4webapi only reads them: made once each, not on every login, callback and refresh.
const clients = new WeakMap<ClientConfig, oauth.Client>();
const narrowed = new WeakMap<oauth.AuthorizationServer, WeakMap<ClientConfig, oauth.AuthorizationServer>>();

/** The oauth4webapi view of this client. */
export function oauthClient(config: ClientConfig): oauth.Client {
  let client = clients.get(config);
  if (client === undefined) {
    client = Object.freeze({
      client_id: config.clientId,
      [oauth.clockTolerance]: config.clockTolerance,
      // RFC 8705 §5: with a client certificate, PAR, token, revocation and userinfo go to the AS's mTLS aliases.
      ...(config.tls?.certificate ? { use_mtls_endpoint_aliases: true } : {}),
    });
    clients.set(config, client);
  }
  return client;
}

/**
 * The metadata as oauth4webapi should see it: ID token algorithms narrowed to this client's allow-list, so
 * a server advertising weaker algorithms cannot widen what is accepted.
 */
export function narrowedMetadata(config: ClientConfig, as: oauth.AuthorizationServer): oauth.AuthorizationServer {
  let byConfig = narrowed.get(as);
  if (byConfig === undefined) narrowed.set(as, (byConfig = new WeakMap()));
  let view = byConfig.get(config);
  if (view === undefined) {
    view = Object.freeze({ ...as, id_token_signing_alg_values_supported: idTokenSigningAlgorithms(config, as) });
    byConfig.set(config, view);
  }
  return view;
}
