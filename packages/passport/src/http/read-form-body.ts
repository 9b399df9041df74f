import type { IncomingMessage } from 'node:http';
import { callbackBodyTooLarge } from '@signet/core';

/** Core refuses anything over its own `maxResponseSize` (at most 256 KiB); nothing larger is worth buffering. */
export const MAX_FORM_BODY = 262_144;

/** A request as Express, Nest or a bare Node server hands it over. */
export type FormRequest = IncomingMessage & { body?: unknown };

/**
 * Reads the stream up to `limit` bytes. Past it, stops buffering and lets the rest drain, so the refusal (413)
 * still reaches the client instead of a reset connection.
 */
function readBounded(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData).off('end', onEnd).off('error', onError);
      req.resume();
      reject(callbackBodyTooLarge(limit));
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    const onError = (err: Error) => reject(err);
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

/**
 * The POSTed form (the caller has checked the content type): what a body parser already put on `req.body`, or
 * else read from the stream here (bounded), so that a form_post.jwt callback works without express.urlencoded()
 * in front of the strategy.
 */
export async function readFormBody(
  req: FormRequest,
  limit = MAX_FORM_BODY,
): Promise<URLSearchParams | Record<string, unknown>> {
  if (req.body !== undefined && req.body !== null && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) {
    return req.body as Record<string, unknown>;
  }
  if (typeof req.body === 'string') return new URLSearchParams(req.body);
  if (req.readableEnded || !req.readable) return {};
  return new URLSearchParams((await readBounded(req, limit)).toString('utf8'));
}
