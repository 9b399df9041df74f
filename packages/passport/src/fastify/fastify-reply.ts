/** As much of a Fastify request as the strategy reads: Node's request underneath, and what Fastify parsed. */
export interface FastifyRequestLike {
  raw: { method?: string; url?: string; headers: Record<string, string | string[] | undefined> };
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  /** The exact bytes, when a parser kept them (Nest's `rawBody: true`). */
  rawBody?: unknown;
}

/** As much of a Fastify reply as the strategy writes: headers (`set-cookie` values are appended) and a body. */
export interface FastifyReplyLike {
  header(name: string, value: unknown): unknown;
  code(status: number): unknown;
  send(payload?: unknown): unknown;
}

// A side table rather than a property on the request: nothing is added to Fastify's request shape.
const REPLIES = new WeakMap<object, FastifyReplyLike>();

/** Tells which reply answers `request` (the `signetFastify` plugin calls it for every request). */
export function bindFastifyReply(request: object, reply: FastifyReplyLike): void {
  REPLIES.set(request, reply);
}

/** The reply bound to `request`, or undefined when nothing bound one (the plugin is not registered). */
export function fastifyReplyOf(request: object): FastifyReplyLike | undefined {
  return REPLIES.get(request);
}

/** Fastify wraps Node's request as `request.raw`; Express extends it (and sets `req.res`). */
export function isFastifyRequest(req: unknown): req is FastifyRequestLike {
  return typeof req === 'object' && req !== null && 'raw' in req && typeof (req as FastifyRequestLike).raw === 'object';
}
