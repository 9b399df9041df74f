import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { SignetClient, type LoginResult } from '@signet/core';
import { SignetStrategy } from '@signet/passport';
import { SignedOutMarker } from '../sign-out/signed-out.marker.js';
import { PASSPORT_SIGNET_CLIENT } from './passport-client.provider.js';

/**
 * The sample's Passport strategy: SignetStrategy under @nestjs/passport's mixin. `validate` receives the login
 * core verified (JARM, then the code exchange) and returns what lands on `req.user`: here the whole result, so
 * the callback route can open the same session the Signet guards open.
 */
@Injectable()
export class PassportSignetStrategy extends PassportStrategy(SignetStrategy, 'signet') {
  constructor(@Inject(PASSPORT_SIGNET_CLIENT) client: SignetClient, signedOut: SignedOutMarker) {
    // prompt=login while the browser carries the signed-out marker, as on /login.
    super({ client, authorizationParameters: (req) => signedOut.promptFor(req, {}) });
  }

  validate(result: LoginResult): LoginResult {
    return result;
  }
}
