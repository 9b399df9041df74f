import * as oauth from 'oauth4webapi';
import { importDpopKey } from '../dpop/dpop-key.js';
import { oauthClient } from '../client-auth/oauth-client.js';
import type { OpenedSession, SessionContext } from '../session/session-context.js';
import { clientConfig } from '../client/client-config.js';

/** Handles kept at most: each remembers the nonces of up to 100 servers for one key. */
const MAX_HANDLES = 1000;

/**
 * The DPoP handle of a session's grant, or undefined for a bearer grant. Handles are kept per key thumbprint
 * (in this process) because oauth4webapi's handle remembers each server's `DPoP-Nonce`: a request after the first
 * then carries the nonce at once instead of paying a `use_dpop_nonce` round trip every time.
 */
export async function dpopHandleOf(ctx: SessionContext, opened: OpenedSession): Promise<oauth.DPoPHandle | undefined> {
  const { grant, record } = opened;
  if (record.grant.dpop === undefined) return undefined;
  const cacheKey = record.grant.dpopJkt ?? 'client';
  const cached = ctx.dpopHandles.get(cacheKey);
  if (cached) return cached;
  let keyPair: oauth.CryptoKeyPair | undefined;
  if (record.grant.dpop === 'session' && grant.dpopKey) keyPair = await importDpopKey(grant.dpopKey);
  else if (record.grant.dpop === 'client') keyPair = ctx.client.dpopKey;
  if (!keyPair) return undefined;
  const handle = oauth.DPoP(oauthClient(clientConfig(ctx.client)), keyPair);
  ctx.dpopHandles.set(cacheKey, handle);
  if (ctx.dpopHandles.size > MAX_HANDLES) ctx.dpopHandles.delete(ctx.dpopHandles.keys().next().value!);
  return handle;
}
