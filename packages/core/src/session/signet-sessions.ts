import type { SignetClient } from '../client/signet-client.js';
import { SignetError } from '../errors/signet-error.js';
import { currentGrant, type SessionRef } from '../grant/current-grant.js';
import { grantFetch, type GrantFetchInit } from '../grant/grant-fetch.js';
import { backchannelLogout } from '../logout/backchannel-logout.js';
import { endSession, type LogoutOptions, type LogoutOutcome } from '../logout/end-session.js';
import type { LoginResult } from '../token/token-result.js';
import { deriveVaultKeys } from '../vault/vault-keys.js';
import type { SessionContext } from './session-context.js';
import { resolveSessionOptions, type SessionSettings, type SignetSessionsOptions } from './session-options.js';
import { openSession } from './open-session.js';
import type { SessionView } from './session-record.js';
import { startSession } from './start-session.js';
import { clientConfig } from '../client/client-config.js';
import { clientMatch } from './session-match.js';

/**
 * Server-side sessions holding the grant: after a verified callback, `start()` seals the tokens (and the
 * per-login DPoP key) in an encrypted vault and returns an opaque id for the cookie; `fetch()` and
 * `accessToken()` use the grant, refreshing it once per grant across instances; `logout()` revokes and ends it;
 * `backchannelLogout()` ends what a verified logout token names.
 *
 * @example
 * const sessions = await SignetSessions.create(client, { store: new MemorySessionStore(), secrets });
 * const session = await sessions.start(await client.callback(input, { cookies })); // cookie: session.id
 * const answer = await sessions.fetch(session, 'https://api.example.com/accounts');
 */
export class SignetSessions {
  readonly #ctx: SessionContext;

  private constructor(ctx: SessionContext) {
    this.#ctx = ctx;
  }

  /** Validates the options and derives the vault keys; throws `ERR_CONFIG_INVALID` naming the option. */
  static async create(client: SignetClient, options: SignetSessionsOptions): Promise<SignetSessions> {
    const settings = resolveSessionOptions(options);
    const { dpop } = clientConfig(client);
    if (dpop && !dpop.perSession && !dpop.key) {
      // A key generated at boot dies with the process: a session would outlive the key its token is bound to.
      throw new SignetError(
        'ERR_CONFIG_INVALID',
        'dpop: server-side sessions need per-login DPoP keys (dpop: { perSession: true }) or a configured dpop.key',
        { field: 'dpop' },
      );
    }
    const vault = await deriveVaultKeys(options.secrets);
    return new SignetSessions({
      client,
      store: options.store,
      vault,
      settings,
      inflight: new Map(),
      dpopHandles: new Map(),
      stats: { refreshes: 0, refreshWaits: 0 },
    });
  }

  /** The validated settings (timeouts, claims, refresh skew, ...). */
  get settings(): SessionSettings {
    return this.#ctx.settings;
  }

  /** Refresh requests made by this instance, and waits for another instance's refresh. */
  get stats(): { refreshes: number; refreshWaits: number } {
    return { ...this.#ctx.stats };
  }

  /** Starts a session for a verified login; the returned `id` goes into the cookie and nowhere else. */
  start(result: LoginResult): Promise<SessionView> {
    return startSession(this.#ctx, result);
  }

  /** The session of a cookie's id, or undefined (unknown, ended, timed out). Moves the idle timeout. */
  open(id: unknown): Promise<SessionView | undefined> {
    return openSession(this.#ctx, id);
  }

  /** The session's access token, refreshed first when it is about to expire. Never send it to a browser. */
  async accessToken(session: SessionRef): Promise<string> {
    return (await currentGrant(this.#ctx, session)).grant.accessToken;
  }

  /** A request to a resource server with the session's grant: DPoP proof with `ath`, nonce retry, refresh. */
  fetch(session: SessionRef, url: string | URL, init?: GrantFetchInit): Promise<Response> {
    return grantFetch(this.#ctx, session, url, init);
  }

  /** Revokes the refresh token, deletes the session everywhere, and returns the RP-initiated logout URL. */
  logout(session: SessionRef, options?: LogoutOptions): Promise<LogoutOutcome> {
    return endSession(this.#ctx, session, options);
  }

  /** Ends every session of this subject (all browsers), without revocation: "sign out everywhere" locally. */
  async endAllOf(sub: string): Promise<number> {
    return this.#ctx.store.deleteMatching({ ...clientMatch(this.#ctx.client), sub });
  }

  /** Verifies a back-channel `logout_token` and ends the sessions it names; throws the coded refusal. */
  backchannelLogout(logoutToken: unknown): Promise<{ sessions: number }> {
    return backchannelLogout(this.#ctx, logoutToken);
  }
}
