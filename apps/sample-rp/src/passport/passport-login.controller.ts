import { Controller, Get, Header, Post, Redirect, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { LoginResult } from '@signet/core';
import { SignetExceptionFilter, SignetSessionService } from '@signet/nestjs';
import { SignedOutMarker } from '../sign-out/signed-out.marker.js';
import { PassportSignetGuard } from './passport-signet.guard.js';

/**
 * The second sign-in path: the same login as /login and /callback, through Passport. The strategy answers
 * /passport/login with a 303 to the AS (signed request, PAR when advertised) and serves the relay pages itself
 * (fragment.jwt, cross-site form_post.jwt); the handlers below run only after core verified the response.
 */
@Controller('passport')
@UseFilters(SignetExceptionFilter)
export class PassportLoginController {
  constructor(
    private readonly sessions: SignetSessionService,
    private readonly signedOut: SignedOutMarker,
  ) {}

  @Get('login')
  @UseGuards(PassportSignetGuard)
  login(): void {}

  @Get('callback')
  @UseGuards(PassportSignetGuard)
  @Header('Cache-Control', 'no-store')
  @Redirect('/', 303)
  async callback(@Req() request: { user: LoginResult }, @Res({ passthrough: true }) response: object): Promise<void> {
    await this.#signIn(request, response);
  }

  @Post('callback')
  @UseGuards(PassportSignetGuard)
  @Header('Cache-Control', 'no-store')
  @Redirect('/', 303)
  async callbackPost(
    @Req() request: { user: LoginResult },
    @Res({ passthrough: true }) response: object,
  ): Promise<void> {
    await this.#signIn(request, response);
  }

  /** The session the Signet guards read (`SignetAuthenticated`, /me), whichever path signed in (cookie or server-side). */
  async #signIn(request: { user: LoginResult }, response: object): Promise<void> {
    await this.sessions.start(request, response, request.user);
    this.signedOut.forget(request, response);
  }
}
