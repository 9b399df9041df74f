import type { FactoryProvider } from '@nestjs/common';
import { SignetClient } from '@signet/core';
import { SIGNET_CLIENT, SIGNET_MODULE_OPTIONS, type SignetModuleOptions } from '@signet/nestjs';

/** Injection token of the Passport path's own SignetClient. */
export const PASSPORT_SIGNET_CLIENT = Symbol.for('SAMPLE:PASSPORT_SIGNET_CLIENT');

/** The Passport path's callback; dev-as registers `<origin of SIGNET_REDIRECT_URI>/passport/callback` too. */
export const PASSPORT_CALLBACK_PATH = '/passport/callback';

/**
 * A client configured exactly as the app's, except for its redirect URI. Core binds a client to one redirect
 * URI (it is signed into every request object and checked on the way back), so a second sign-in path needs a
 * second client. Everything stateful is borrowed from the app's client rather than rebuilt: the audit sink
 * (so the one approval log records both paths), the transaction store and the replay register (so a response
 * is accepted once across both paths, and a multi-instance store configured for the app serves this path too).
 */
export function passportClientFor(app: SignetClient, options: SignetModuleOptions): Promise<SignetClient> {
  const { cookieSecret: _secret, session: _session, ...clientOptions } = options;
  const { audit, store, replayRegister } = app.shared;
  return SignetClient.create({
    ...clientOptions,
    redirectUri: new URL(PASSPORT_CALLBACK_PATH, app.settings.redirectUri).href,
    audit,
    store,
    replayRegister,
  });
}

export const passportClientProvider: FactoryProvider<Promise<SignetClient>> = {
  provide: PASSPORT_SIGNET_CLIENT,
  inject: [SIGNET_CLIENT, SIGNET_MODULE_OPTIONS],
  useFactory: passportClientFor,
};
