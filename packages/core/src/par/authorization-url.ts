import * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config/resolve-options.js';
import type { DPoPKeyPair } from '../dpop/dpop-key.js';
import { oauthClient } from '../client-auth/oauth-client.js';
import { pushAuthorizationRequest } from './push-authorization-request.js';

/** Where the browser goes, and how the request object travelled. */
export interface FrontChannelRequest {
  url: string;
  delivery: 'par' | 'value';
}

/** PAR when configured, or on `auto` when the AS advertises a PAR endpoint. */
export function usesPar(config: Pick<ClientConfig, 'usePar'>, as: oauth.AuthorizationServer): boolean {
  return (
    config.usePar === true || (config.usePar === 'auto' && typeof as.pushed_authorization_request_endpoint === 'string')
  );
}

/**
 * The delivery step of a login: the request object pushed to the PAR endpoint (RFC 9126; the front channel then
 * carries only `client_id` and `request_uri`) or sent by value (`request=`; under `fapi1-advanced` with
 * `response_type` and `scope` duplicated outside, as FAPI 1.0 requires). A DPoP key binds the push (RFC 9449 §10.1).
 */
export async function authorizationUrl(
  config: ClientConfig,
  as: oauth.AuthorizationServer,
  requestObject: string,
  scope: string,
  dpopKey: DPoPKeyPair | undefined,
): Promise<FrontChannelRequest> {
  const url = new URL(as.authorization_endpoint!);
  url.searchParams.set('client_id', config.clientId);
  if (usesPar(config, as)) {
    const dpop = dpopKey ? oauth.DPoP(oauthClient(config), dpopKey) : undefined;
    const { requestUri } = await pushAuthorizationRequest(config, as, requestObject, dpop);
    url.searchParams.set('request_uri', requestUri);
    return { url: url.href, delivery: 'par' };
  }
  url.searchParams.set('request', requestObject);
  if (config.profile === 'fapi1-advanced') {
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', scope);
  }
  return { url: url.href, delivery: 'value' };
}
