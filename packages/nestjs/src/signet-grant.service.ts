import { Injectable } from '@nestjs/common';
import { SignetError, type GrantFetchInit } from '@signet/core';
import { FORM_MEDIA_TYPE, headerOf, readCallbackBody } from '@signet/core/http';
import { httpExchange } from './http/create-exchange.js';
import { SignetSessionService } from './signet-session.service.js';

/** A logout token is a compact JWS of a few kilobytes; anything much larger is refused unread. */
const BACKCHANNEL_BODY_LIMIT = 32 * 1024;

/**
 * The grant of server-side sessions, for services and controllers: calls to resource servers with the request's
 * session (`fetch`, `accessToken`) and the back-channel logout endpoint. `@SignetGrant()` gives a handler the same
 * as a bound handle.
 *
 * @example
 * @Get('api/profile') @SignetAuthenticated()
 * profile(@Req() req: object) { return this.grants.fetch(req, 'https://api.example.com/me').then((r) => r.json()); }
 */
@Injectable()
export class SignetGrantService {
  constructor(private readonly sessions: SignetSessionService) {}

  /** The access token of the request's session (refreshed first when it is about to expire). */
  accessToken(request: object): Promise<string> {
    return this.sessions.grantOf(request).accessToken();
  }

  /** A request to a resource server with the request's grant: DPoP proof with `ath`, nonce retry, refresh. */
  fetch(request: object, url: string | URL, init?: GrantFetchInit): Promise<Response> {
    return this.sessions.grantOf(request).fetch(url, init);
  }

  /**
   * OpenID Connect Back-Channel Logout 1.0: reads the form's one `logout_token`, verifies it and ends the sessions
   * it names on every instance. Throws the coded refusal (the adapter's filter answers 400 with the code). With
   * named clients, `client` says which partner's endpoint this is: its logout token is verified against that
   * partner's issuer and keys, and only that partner's sessions end (`ERR_CLIENT_UNKNOWN` for another name).
   */
  async backchannelLogout(request: object, response: object, client?: string): Promise<{ sessions: number }> {
    const sessions =
      client === undefined ? this.sessions.grantSessions : ((await this.sessions.grantSessionsOf(client)) ?? undefined);
    if (!sessions) throw new SignetError('ERR_GRANT_NOT_KEPT', 'back-channel logout needs server-side sessions');
    const exchange = httpExchange(request, response);
    const http = exchange.callbackRequest();
    if (http.method.toUpperCase() !== 'POST')
      throw new SignetError('ERR_CALLBACK_METHOD_NOT_ALLOWED', 'back-channel logout is a POST', { expected: ['POST'] });
    const type = (headerOf(http.headers, 'content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
    if (type !== FORM_MEDIA_TYPE)
      throw new SignetError(
        'ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED',
        `logout_token: the body must be ${FORM_MEDIA_TYPE}`,
        {
          expected: FORM_MEDIA_TYPE,
        },
      );
    // Core's one bounded reader: past the bound, ERR_CALLBACK_BODY_TOO_LARGE (413), unread.
    const params = await readCallbackBody(http, BACKCHANNEL_BODY_LIMIT);
    const values =
      params instanceof URLSearchParams
        ? params.getAll('logout_token')
        : ([] as unknown[]).concat(params['logout_token'] ?? []);
    if (values.length !== 1)
      throw new SignetError('ERR_LOGOUT_TOKEN_MALFORMED', 'logout_token: expected exactly one in the form body');
    return sessions.backchannelLogout(values[0]);
  }
}
