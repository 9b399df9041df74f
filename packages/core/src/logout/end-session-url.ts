import type { SignetClient } from '../client/signet-client.js';
import { clientConfig } from '../client/client-config.js';

/** What RP-initiated logout sends the browser with. */
export interface EndSessionParameters {
  /** The ID token of the session that ends (`id_token_hint`). */
  idToken?: string;
  /** A registered post-logout redirect URI. */
  postLogoutRedirectUri?: string;
  /** Echoed back to the post-logout redirect URI. */
  state?: string;
}

/**
 * The URL of OpenID Connect RP-Initiated Logout 1.0 §2 (`end_session_endpoint` with `id_token_hint`,
 * `post_logout_redirect_uri`, `state` and `client_id`), or undefined when the AS advertises no endpoint.
 */
export async function endSessionUrl(
  client: SignetClient,
  parameters: EndSessionParameters,
): Promise<string | undefined> {
  const as = await client.metadata();
  if (typeof as.end_session_endpoint !== 'string') return undefined;
  const url = new URL(as.end_session_endpoint);
  url.searchParams.set('client_id', clientConfig(client).clientId);
  if (parameters.idToken) url.searchParams.set('id_token_hint', parameters.idToken);
  if (parameters.postLogoutRedirectUri)
    url.searchParams.set('post_logout_redirect_uri', parameters.postLogoutRedirectUri);
  if (parameters.state) url.searchParams.set('state', parameters.state);
  return url.href;
}
