import { Global, Module } from '@nestjs/common';
import { SignedOutMarker } from './signed-out.marker.js';

/**
 * The sign-out behaviour every sign-in path shares: `/logout` sets the signed-out marker, logins send
 * `prompt=login` while it is there (`SignOutAwareLoginGuard`; the Passport strategy's `authorizationParameters`),
 * and the next completed sign-in removes it (`SignOutAwareCallbackGuard`; the Passport callback). Global: the
 * guards find the marker from the modules of the controllers that use them.
 */
@Global()
@Module({ providers: [SignedOutMarker], exports: [SignedOutMarker] })
export class SignOutModule {}
