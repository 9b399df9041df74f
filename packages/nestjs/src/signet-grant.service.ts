import { Injectable } from '@nestjs/common';
import { FORM_MEDIA_TYPE, mediaTypeOf, SignetError, type GrantFetchInit } from '@signet/core';
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
   * it names on every instance. Throws the coded refusal (the adapter's filter answers 400 with the code).
   */
  async backchannelLogout(request: object, response: object): Promise<{ sessions: number }> {
    const sessions = this.sessions.grantSessions;
    if (!sessions) throw new SignetError('ERR_GRANT_NOT_KEPT', 'back-channel logout needs server-side sessions');
    const exchange = httpExchange(request, response);
    if (exchange.method !== 'POST') {
      exchange.setHeader('allow', 'POST');
      throw new SignetError('ERR_PARAMETER_INVALID', 'back-channel logout is a POST', { status: 405 });
    }
    if (mediaTypeOf(exchange.header('content-type')) !== FORM_MEDIA_TYPE)
      throw new SignetError('ERR_LOGOUT_TOKEN_MALFORMED', `logout_token: the body must be ${FORM_MEDIA_TYPE}`, {
        status: 415,
      });
    const body = await exchange.readForm(BACKCHANNEL_BODY_LIMIT);
    if (body.kind === 'too_large')
      throw new SignetError('ERR_LOGOUT_TOKEN_MALFORMED', 'logout_token: the body is too large', { status: 413 });
    const values =
      body.params instanceof URLSearchParams
        ? body.params.getAll('logout_token')
        : ([] as unknown[]).concat(body.params['logout_token'] ?? []);
    if (values.length !== 1)
      throw new SignetError('ERR_LOGOUT_TOKEN_MALFORMED', 'logout_token: expected exactly one in the form body');
    return sessions.backchannelLogout(values[0]);
  }
}
