import type { FastifyPluginCallback } from 'fastify';
import { bindFastifyReply } from './fastify-reply.js';

/**
 * Fastify plugin that lets `SignetStrategy` answer under `@fastify/passport`. Strategies there receive only the
 * request; Signet's must also write through the reply (the binding cookie, `Cache-Control`, the relay pages), so
 * this plugin hands each request's reply to the strategy. Registered once, at the root: it applies to every route.
 *
 * @example
 * await app.register(fastifyPassport.initialize());
 * await app.register(signetFastify);
 * fastifyPassport.use(new SignetStrategy({ client }, (result, done) => done(null, { sub: result.subject })));
 */
export const signetFastify: FastifyPluginCallback = Object.assign(
  ((instance, _options, done) => {
    instance.addHook('onRequest', (request, reply, next) => {
      bindFastifyReply(request, reply);
      next();
    });
    done();
  }) satisfies FastifyPluginCallback,
  // What fastify-plugin sets: the hook is added to the root instance instead of an encapsulated child.
  { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'signet-passport' },
);
