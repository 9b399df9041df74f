import { Injectable, Optional, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SignetClient, type LoginResult } from '@signet/core';
import { InjectSignetClient, SignetCallbackGuard, SignetClientsService, SignetSessionService } from '@signet/nestjs';
import { SignedOutMarker } from './signed-out.marker.js';

/**
 * `@SignetCallback()`'s guard for the sample's callbacks: once a login completed (verified, session started), the
 * signed-out marker has done its work and is removed (see `SignedOutMarker`).
 *
 * @example
 * @Get('callback') @SignetCallback({ restartUrl: '/login' }, SignOutAwareCallbackGuard) callback() {}
 */
@Injectable()
export class SignOutAwareCallbackGuard extends SignetCallbackGuard {
  constructor(
    @InjectSignetClient() client: SignetClient,
    sessions: SignetSessionService,
    reflector: Reflector,
    private readonly marker: SignedOutMarker,
    @Optional() clients?: SignetClientsService,
  ) {
    super(client, sessions, reflector, clients);
  }

  protected override async handleResult(result: LoginResult, context: ExecutionContext): Promise<void> {
    await super.handleResult(result, context);
    const http = context.switchToHttp();
    this.marker.forget(http.getRequest<object>(), http.getResponse<object>());
  }
}
