import { Controller, Get, Post, Redirect, Req, Res, UseGuards } from '@nestjs/common';
import {
  SignetAuthenticated,
  SignetCallback,
  SignetLogin,
  SignetSameOriginGuard,
  SignetSessionService,
  SignetUser,
  type SignetSession,
} from '@signet/nestjs';

/** A demo RFC 9396 grant: what the consent page shows and the approval log records. */
export const PAYMENT_DETAILS = [
  {
    type: 'payment_initiation',
    instructedAmount: { currency: 'EUR', amount: '12.50' },
    creditorName: 'Signet Coffee Roasters',
    creditorAccount: { iban: 'DE02100100109307118603' },
  },
];

/** The contract other tools drive: /login, /callback (GET and POST), /me, /logout. */
@Controller()
export class AuthController {
  constructor(private readonly sessions: SignetSessionService) {}

  /** 302 to the authorization server with a signed request (PAR when advertised). */
  @Get('login')
  @SignetLogin()
  login(): void {}

  /** The same with authorization_details, to see a rich authorization request end to end. */
  @Get('login/payment')
  @SignetLogin({ authorizationDetails: PAYMENT_DETAILS })
  loginPayment(): void {}

  /** query.jwt / jwt responses, and the fragment.jwt relay page. */
  @Get('callback')
  @SignetCallback({ restartUrl: '/login' })
  @Redirect('/', 303)
  callback(): void {}

  /** form_post.jwt responses and relayed fragments. */
  @Post('callback')
  @SignetCallback({ restartUrl: '/login' })
  @Redirect('/', 303)
  callbackPost(): void {}

  @Get('me')
  @SignetAuthenticated()
  me(@SignetUser() session: SignetSession): Record<string, unknown> {
    return { ...session.claims, sub: session.sub, iss: session.iss, scope: session.scope };
  }

  @Post('logout')
  @UseGuards(SignetSameOriginGuard) // another site must not sign the user out (a cookie is cleared without one)
  @Redirect('/', 303)
  logout(@Req() request: object, @Res({ passthrough: true }) response: object): void {
    this.sessions.signOut(request, response);
  }
}
