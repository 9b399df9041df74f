import { SignetError } from '../errors/signet-error.js';
import { dpopThumbprint, exportDpopKey } from '../dpop/dpop-key.js';
import type { LoginResult } from '../token/token-result.js';
import { sealGrant } from '../vault/seal-grant.js';
import { fetchUserinfo } from '../userinfo/fetch-userinfo.js';
import type { SessionContext } from './session-context.js';
import { newSessionId, sessionKey } from './session-id.js';
import { viewOf, type GrantSummary, type SealedGrant, type SessionRecord, type SessionView } from './session-record.js';
import { eventBase, sessionHash, recordSessionEvent } from './session-audit.js';
import { clientConfig } from '../client/client-config.js';
import { clientMatch } from './session-match.js';

const MAX_CLAIM_TEXT = 512;

function pick(claims: Record<string, unknown> | undefined, names: string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names) {
    const value = claims?.[name];
    if (value === undefined || JSON.stringify(value).length > MAX_CLAIM_TEXT) continue;
    picked[name] = value;
  }
  return picked;
}

/**
 * Turns a verified login into a server-side session: the tokens and the per-login DPoP key sealed in the vault,
 * the subject, `sid` and configured claims in clear, userinfo fetched once when configured. Returns the view with
 * the new opaque id, which only the browser's cookie will hold.
 */
export async function startSession(ctx: SessionContext, result: LoginResult): Promise<SessionView> {
  if (!result.subject)
    throw new SignetError('ERR_ID_TOKEN_INVALID', 'a server-side session needs a subject: sign in with scope openid');
  const now = Math.floor(Date.now() / 1000);
  const id = newSessionId();
  const key = sessionKey(id);
  const { tokens } = result;
  const { dpop } = clientConfig(ctx.client);
  const perSession = Boolean(result.dpopKey && dpop && dpop.perSession);
  const grant: GrantSummary = {
    tokenType: tokens.tokenType,
    ...(tokens.expiresAt !== undefined ? { expiresAt: tokens.expiresAt } : {}),
    ...(tokens.scope !== undefined ? { scope: tokens.scope } : {}),
    ...(tokens.authorizationDetails ? { authorizationDetails: tokens.authorizationDetails } : {}),
    ...(result.dpopKey
      ? { dpop: perSession ? 'session' : 'client', dpopJkt: await dpopThumbprint(result.dpopKey) }
      : {}),
    refreshable: tokens.refreshToken !== undefined,
    refreshCount: 0,
  };
  const sealed: SealedGrant = {
    accessToken: tokens.accessToken,
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    ...(tokens.idToken ? { idToken: tokens.idToken } : {}),
    ...(perSession && result.dpopKey
      ? { dpopKey: (await exportDpopKey(result.dpopKey)) as Record<string, unknown> }
      : {}),
  };
  let claims = pick(result.claims as Record<string, unknown> | undefined, ctx.settings.claims);
  if (ctx.settings.userinfo) {
    const userinfo = await fetchUserinfo(ctx, tokens.accessToken, result.subject, result.dpopKey);
    claims = { ...claims, ...pick(userinfo, ctx.settings.claims) };
  }
  const absoluteExpiresAt = now + ctx.settings.absoluteTimeout;
  const sid = result.claims?.['sid'];
  const record: SessionRecord = {
    key,
    version: 1,
    sub: result.subject,
    // Whose session this is: back-channel logout ends only its own client's (session-match.ts).
    ...clientMatch(ctx.client),
    ...(typeof sid === 'string' ? { sid } : {}),
    scope: tokens.scope ?? '',
    claims,
    createdAt: now,
    lastSeenAt: now,
    absoluteExpiresAt,
    expiresAt: Math.min(absoluteExpiresAt, now + ctx.settings.idleTimeout),
    grant,
    vault: await sealGrant(sealed, key, ctx.vault),
  };
  await ctx.store.create(record);
  recordSessionEvent(ctx, {
    type: 'session.started',
    ...eventBase(ctx),
    subject: record.sub,
    sessionHash: sessionHash(record),
    dpop: grant.dpop !== undefined,
    refreshable: grant.refreshable,
    userinfo: ctx.settings.userinfo,
  });
  return viewOf(id, record);
}
