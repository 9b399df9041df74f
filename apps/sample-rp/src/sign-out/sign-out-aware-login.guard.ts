import { Injectable, Optional, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SignetClient, type AuthorizationParameters } from '@signet/core';
import { InjectSignetClient, SignetClientsService, SignetLoginGuard } from '@signet/nestjs';
import { SignedOutMarker } from './signed-out.marker.js';

/**
 * `@SignetLogin()`'s guard for the sample's sign-in routes: the route's parameters, plus `prompt=login` while
 * this browser carries the signed-out marker (see `SignedOutMarker`).
 *
 * @example
 * @Get('login') @SignetLogin({}, SignOutAwareLoginGuard) login() {}
 */
@Injectable()
export class SignOutAwareLoginGuard extends SignetLoginGuard {
  constructor(
    @InjectSignetClient() client: SignetClient,
    reflector: Reflector,
    private readonly marker: SignedOutMarker,
    @Optional() clients?: SignetClientsService,
  ) {
    super(client, reflector, clients);
  }

  protected override async getAuthorizationParameters(context: ExecutionContext): Promise<AuthorizationParameters> {
    const params = await super.getAuthorizationParameters(context);
    return this.marker.promptFor(context.switchToHttp().getRequest<object>(), params);
  }
}
