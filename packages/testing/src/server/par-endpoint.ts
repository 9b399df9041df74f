// The pushed authorization request endpoint (RFC 9126): the client authenticates, pushes its signed request
// object, and gets a short-lived, single-use request_uri.
import type { IncomingHttpHeaders } from 'node:http';
import { opaque } from './opaque.js';
import { authenticateClient, OAuthFailure, readRequestObject, verifyDpopProof } from './client-checks.js';
import type { ServerState } from './state.js';

const REQUEST_URI_LIFETIME = 60;

/** Answers one pushed request: `{ request_uri, expires_in }`, or throws the OAuth error. */
export async function pushedRequest(
  state: ServerState,
  form: URLSearchParams,
  headers: IncomingHttpHeaders,
): Promise<Record<string, unknown>> {
  const { as, options } = state;
  const skip = options.skipClientChecks ?? false;
  const client = await authenticateClient(form, state.clients, as.issuer, state.assertionJti, skip);
  const requestObject = form.get('request');
  if (!requestObject) throw new OAuthFailure('invalid_request', 'this AS takes signed request objects only');
  if (form.has('request_uri')) throw new OAuthFailure('invalid_request', 'request_uri is not allowed at PAR');
  const claims = await readRequestObject(requestObject, client, as.issuer, options.encryptionKeys ?? [], skip);
  if (client.redirectUris && !client.redirectUris.includes(String(claims.redirect_uri)))
    throw new OAuthFailure('invalid_request', 'redirect_uri is not registered for this client');
  // A DPoP proof at PAR binds the login to its key (RFC 9449 §10.1), as dpop_jkt does.
  const proof = headers['dpop'];
  if (typeof proof === 'string' && !skip) {
    const url = String(as.metadata.pushed_authorization_request_endpoint);
    const jkt = await verifyDpopProof(proof, 'POST', url, state.dpopJti);
    if (claims.dpop_jkt !== undefined && claims.dpop_jkt !== jkt)
      throw new OAuthFailure('invalid_dpop_proof', 'dpop_jkt differs from the DPoP proof key');
    claims.dpop_jkt = jkt;
  }
  const requestUri = `urn:ietf:params:oauth:request_uri:${opaque(16)}`;
  state.requestUris.set(requestUri, {
    clientId: client.clientId,
    claims,
    expiresAt: Date.now() + REQUEST_URI_LIFETIME * 1000,
  });
  as.pushed.push({ requestUri, clientId: client.clientId, requestObject, claims });
  return { request_uri: requestUri, expires_in: REQUEST_URI_LIFETIME };
}
