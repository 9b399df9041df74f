import type * as oauth from 'oauth4webapi';
import type { ClientAssertionAudience } from '../config/compatibility.js';
import { SignetError } from '../errors/signet-error.js';

/** The endpoints a client authenticates to (their metadata names, as oauth4webapi resolves them). */
export type AuthenticatedEndpoint =
  | 'pushed_authorization_request_endpoint'
  | 'token_endpoint'
  | 'revocation_endpoint'
  | 'introspection_endpoint'
  | 'backchannel_authentication_endpoint';

/**
 * The URL oauth4webapi will call for an endpoint: its mTLS alias when the client uses aliases (RFC 8705 §5),
 * else the metadata value. The `endpoint` audience must name the URL actually called.
 */
function endpointUrl(as: oauth.AuthorizationServer, client: oauth.Client, endpoint: AuthenticatedEndpoint): string {
  const alias = client.use_mtls_endpoint_aliases ? as.mtls_endpoint_aliases?.[endpoint] : undefined;
  const url = alias ?? as[endpoint];
  if (typeof url !== 'string' || url === '') {
    throw new SignetError(
      'ERR_DISCOVERY_METADATA_INVALID',
      `the authorization server metadata has no "${endpoint}" to use as the client assertion audience`,
      { field: endpoint },
    );
  }
  return url;
}

/**
 * The `aud` of a client assertion for a call to `endpoint`. `issuer` (the default) is what FAPI 2.0 requires
 * and RFC 9126 §2 says every server must accept; the others exist for servers that accept only a URL.
 */
export function assertionAudience(
  choice: ClientAssertionAudience,
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  endpoint: AuthenticatedEndpoint,
): string {
  if (choice === 'token_endpoint') return endpointUrl(as, client, 'token_endpoint');
  if (choice === 'endpoint') return endpointUrl(as, client, endpoint);
  return as.issuer;
}
