import * as oauth from 'oauth4webapi';
import { SignetError } from '../errors/signet-error.js';
import type { SessionContext } from '../session/session-context.js';
import { currentGrant, type SessionRef } from './current-grant.js';
import { dpopHandleOf } from './dpop-handle.js';
import { requestResource } from '../resource/request-resource.js';
import { clientConfig } from '../client/client-config.js';

/** What `fetch` takes besides the URL. */
export interface GrantFetchInit {
  method?: string;
  headers?: HeadersInit;
  body?: string | Uint8Array | null;
}

/**
 * Calls a resource server with the session's grant (RFC 6750 / RFC 9449 §7): the access token, refreshed first
 * when it is about to expire; for a DPoP-bound grant a fresh proof with `htm`, `htu` and `ath` for every request,
 * and one retry with the server's nonce when it answers `use_dpop_nonce` (the nonce is then remembered for that
 * server). Any other answer, 4xx and 5xx included, is returned as the resource server gave it.
 */
export async function grantFetch(
  ctx: SessionContext,
  session: SessionRef,
  url: string | URL,
  init: GrantFetchInit = {},
): Promise<Response> {
  const opened = await currentGrant(ctx, session);
  const dpop = await dpopHandleOf(ctx, opened);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    // A programmer error of this call, not bad configuration: the app is running and its options were fine.
    throw new SignetError('ERR_USAGE_INVALID', `fetch: "${String(url)}" is not an absolute URL`, { field: 'url' });
  }
  try {
    return await requestResource(clientConfig(ctx.client), opened.grant.accessToken, dpop, target, {
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: (init.body ?? null) as oauth.ProtectedResourceRequestBody,
    });
  } catch (err) {
    // A token bound to another certificate is refused as it is (RFC 8705 §3): it was never sent.
    if (err instanceof SignetError) throw err;
    // A challenge (401 invalid_token, 403 insufficient_scope, a second use_dpop_nonce) is the server's answer.
    if (err instanceof oauth.WWWAuthenticateChallengeError) return err.response;
    throw new SignetError('ERR_RESOURCE_REQUEST_FAILED', `the request to ${target.origin} failed`, { cause: err });
  }
}
