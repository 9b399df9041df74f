import type { ResponseMode } from '../jarm/response-mode.js';
import type { AuthorizationParameters } from './authorization-parameters.js';

export interface ProtocolParameters {
  clientId: string;
  redirectUri: string;
  responseMode: ResponseMode;
  scope: string;
  state: string;
  nonce: string;
  codeChallenge: string;
  dpopJkt?: string;
}

/** Every authorization parameter of a request, as request object claims (RFC 9101 §4). */
export function requestObjectClaims(
  protocol: ProtocolParameters,
  params: AuthorizationParameters,
): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    ...(params.extra ?? {}),
    client_id: protocol.clientId,
    redirect_uri: protocol.redirectUri,
    response_type: 'code',
    response_mode: protocol.responseMode,
    scope: protocol.scope,
    state: protocol.state,
    nonce: protocol.nonce,
    code_challenge: protocol.codeChallenge,
    code_challenge_method: 'S256',
  };
  if (protocol.dpopJkt) claims.dpop_jkt = protocol.dpopJkt;
  if (params.authorizationDetails) claims.authorization_details = params.authorizationDetails;
  if (params.acrValues) claims.acr_values = params.acrValues;
  if (params.prompt) claims.prompt = params.prompt;
  if (params.loginHint) claims.login_hint = params.loginHint;
  if (params.maxAge !== undefined) claims.max_age = params.maxAge;
  if (params.claims) claims.claims = params.claims;
  if (params.resource !== undefined) claims.resource = params.resource;
  return claims;
}
