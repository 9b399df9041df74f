// @signet/passport/fastify: what SignetStrategy needs under @fastify/passport (needs fastify 5).
export { signetFastify } from './fastify/signet-fastify.plugin.js';
