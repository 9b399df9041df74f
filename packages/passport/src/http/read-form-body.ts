import type { IncomingMessage } from 'node:http';
import { SignetError } from '@signet/core';

/** Core refuses anything over its own `maxResponseSize` (at most 256 KiB); nothing larger is worth buffering. */
export const MAX_FORM_BODY = 262_144;

/** A request as Express, Nest or a bare Node server hands it over. */
export type FormRequest = IncomingMessage & { body?: unknown };

function isForm(req: IncomingMessage): boolean {
  return (
    (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded'
  );
}

/**
 * The POSTed form: what a body parser already put on `req.body`, or else read from the stream here (bounded),
 * so that a form_post.jwt callback works without express.urlencoded() in front of the strategy.
 */
export async function readFormBody(req: FormRequest): Promise<URLSearchParams | Record<string, unknown>> {
  if (req.body !== undefined && req.body !== null && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) {
    return req.body as Record<string, unknown>;
  }
  if (typeof req.body === 'string') return new URLSearchParams(req.body);
  if (!isForm(req) || req.readableEnded || !req.readable) return {};
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BODY) {
      req.destroy();
      throw new SignetError(
        'ERR_JARM_RESPONSE_TOO_LARGE',
        `the callback body is over ${MAX_FORM_BODY} bytes; refused unread`,
      );
    }
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
