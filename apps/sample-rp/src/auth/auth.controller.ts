import { randomBytes } from 'node:crypto';
import { Controller, Get, Inject, Post, Query, Redirect, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import {
  SignetAuthenticated,
  SignetCallback,
  SignetClientParam,
  SignetExceptionFilter,
  SignetLogin,
  SignetSameOriginGuard,
  SignetSessionService,
  SignetUser,
  type SignetSession,
} from '@signet/nestjs';
import { SAMPLE_ENVIRONMENT, type SampleEnvironment } from '../sample-environment.module.js';
import { sampleSettings } from '../sample-env.js';
import { SignOutAwareCallbackGuard } from '../sign-out/sign-out-aware-callback.guard.js';
import { SignOutAwareLoginGuard } from '../sign-out/sign-out-aware-login.guard.js';
import { SeeOther } from './see-other.decorator.js';
import { SignedOutMarker } from '../sign-out/signed-out.marker.js';

/** A demo RFC 9396 grant: what the consent page shows and the approval log records. */
export const PAYMENT_DETAILS = [
  {
    type: 'payment_initiation',
    instructedAmount: { currency: 'EUR', amount: '12.50' },
    creditorName: 'Signet Coffee Roasters',
    creditorAccount: { iban: 'DE02100100109307118603' },
  },
];

/** The route parameter naming a partner (`SIGNET_CLIENTS`): `/login/bankA`, `/callback/bankA`. */
const PARTNER = new SignetClientParam('client');

/** The contract other tools drive: /login, /callback (GET and POST), /me, /logout; /login/:client, /callback/:client. */
@Controller()
export class AuthController {
  readonly #postLogoutRedirectUri: string | undefined;

  constructor(
    private readonly sessions: SignetSessionService,
    @Inject(SAMPLE_ENVIRONMENT) env: SampleEnvironment,
    private readonly signedOut: SignedOutMarker,
  ) {
    this.#postLogoutRedirectUri = sampleSettings(env).postLogoutRedirectUri;
  }

  /** 302 to the authorization server with a signed request (PAR when advertised). */
  @Get('login')
  @SignetLogin({}, SignOutAwareLoginGuard) // prompt=login after a sign-out (see SignedOutMarker)
  login(): void {}

  /** The same with authorization_details, to see a rich authorization request end to end. */
  @Get('login/payment')
  @SignetLogin({ authorizationDetails: PAYMENT_DETAILS }, SignOutAwareLoginGuard)
  loginPayment(): void {}

  /** query.jwt / jwt responses, and the fragment.jwt relay page. */
  @Get('callback')
  @SignetCallback({ restartUrl: '/login' }, SignOutAwareCallbackGuard)
  @SeeOther('/')
  callback(): void {}

  /** form_post.jwt responses and relayed fragments. */
  @Post('callback')
  @SignetCallback({ restartUrl: '/login' }, SignOutAwareCallbackGuard)
  @SeeOther('/')
  callbackPost(): void {}

  /**
   * A partner's login (`SIGNET_CLIENTS`, its own `SIGNET_<NAME>_*` client): 302 to that partner's AS. Declared
   * after `/login/payment`, which keeps its meaning. An unknown partner: 404 `ERR_CLIENT_UNKNOWN`.
   */
  @Get('login/:client')
  @SignetLogin(PARTNER, {}, SignOutAwareLoginGuard)
  loginPartner(): void {}

  /** A partner's callback: only a response to that partner's login is accepted (mix-up defence). */
  @Get('callback/:client')
  @SignetCallback(PARTNER, { restartUrl: '/' }, SignOutAwareCallbackGuard)
  @SeeOther('/')
  callbackPartner(): void {}

  /** A partner's form_post.jwt responses and relayed fragments. */
  @Post('callback/:client')
  @SignetCallback(PARTNER, { restartUrl: '/' }, SignOutAwareCallbackGuard)
  @SeeOther('/')
  callbackPartnerPost(): void {}

  @Get('me')
  @SignetAuthenticated()
  me(@SignetUser() session: SignetSession): Record<string, unknown> {
    return {
      ...session.claims,
      sub: session.sub,
      iss: session.iss,
      scope: session.scope,
      ...(session.client !== undefined ? { client: session.client } : {}),
    };
  }

  /**
   * Stateless sessions: clears the cookie, 303 to `/`. Server-side sessions: revokes the refresh token and deletes
   * the session on every instance (`?everywhere=1`: every session of this subject), then 303 through RP-initiated
   * logout at the AS when it advertises `end_session_endpoint`, else to `/`.
   */
  @Post('logout')
  @UseGuards(SignetSameOriginGuard) // another site must not sign the user out (a cookie is cleared without one)
  @UseFilters(SignetExceptionFilter)
  @Redirect('/', 303)
  async logout(
    @Req() request: object,
    @Res({ passthrough: true }) response: object,
    @Query('everywhere') everywhereFlag: unknown,
  ): Promise<{ url: string } | void> {
    // The AS may still remember the user: the next login asks it to authenticate them again.
    this.signedOut.mark(response);
    if (!this.sessions.serverSide) return this.sessions.signOut(request, response);
    const everywhere = everywhereFlag === '1';
    const session = everywhere ? await this.sessions.resolve(request, response) : undefined;
    const outcome = await this.sessions.logout(request, response, {
      ...(this.#postLogoutRedirectUri ? { postLogoutRedirectUri: this.#postLogoutRedirectUri } : {}),
      state: randomBytes(16).toString('base64url'),
    });
    // Only the partner the session is with: another partner's sessions of a subject of the same name stay.
    const partnerSessions =
      session?.client !== undefined ? await this.sessions.grantSessionsOf(session.client) : this.sessions.grantSessions;
    if (session) await partnerSessions!.endAllOf(session.sub);
    if (outcome.endSessionUrl) return { url: outcome.endSessionUrl };
  }
}
