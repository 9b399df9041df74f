import type { FactoryProvider } from '@nestjs/common';
import fastifyPassport from '@fastify/passport';
import type { FastifyInstance } from 'fastify';
import { signetFastify } from '@signet/passport/fastify';
import type { SignetStrategy } from '@signet/passport';

/** Injection token of this app's own @fastify/passport authenticator (one per app: tests run several at once). */
export const FASTIFY_AUTHENTICATOR = Symbol.for('SAMPLE:FASTIFY_AUTHENTICATOR');

export type FastifyAuthenticator = InstanceType<typeof fastifyPassport.Authenticator>;

export const fastifyAuthenticatorProvider: FactoryProvider<FastifyAuthenticator> = {
  provide: FASTIFY_AUTHENTICATOR,
  useFactory: () => new fastifyPassport.Authenticator(),
};

/**
 * Passport on Fastify is @fastify/passport: its plugin, Signet's (which hands the strategy each reply, for its
 * cookies and relay pages), and the same strategy instance @nestjs/passport knows on Express.
 */
export function setUpFastifyPassport(
  fastify: FastifyInstance,
  authenticator: FastifyAuthenticator,
  strategy: SignetStrategy,
): void {
  // @fastify/passport's flash plugin insists on a `session` decorator. This path keeps no state in a Fastify
  // session (the pending login is in core's store, the signed-in session is SignetSessionService's cookie), so
  // an app without a session plugin declares an empty one.
  if (!fastify.hasRequestDecorator('session')) fastify.decorateRequest('session', null);
  // Queued, not awaited: awaiting would load Nest's routes now, before Nest installs its error handler on them.
  void fastify.register(authenticator.initialize());
  void fastify.register(signetFastify);
  authenticator.use(strategy.name, strategy);
}
