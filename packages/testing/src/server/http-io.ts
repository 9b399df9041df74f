import type { IncomingMessage, ServerResponse } from 'node:http';

/** A canned HTTP answer that replaces an endpoint's normal behaviour. */
export interface CannedAnswer {
  status: number;
  /** Sent as JSON, unless it is a `RawBody`: then its text is sent as it is, with its content type (if any). */
  body: unknown;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** A body sent byte for byte: an HTML error page, an empty body, a truncated document. */
export class RawBody {
  constructor(
    readonly text: string,
    readonly contentType?: string,
  ) {}
}

/** Bodies above this are refused (a test AS, not a target for memory exhaustion). */
const MAX_BODY = 256 * 1024;

/** The urlencoded body of a request. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Sends JSON (or a `RawBody`) with `cache-control: no-store`, as every OAuth endpoint must. */
export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body instanceof RawBody) {
    res.writeHead(status, {
      ...(body.contentType ? { 'content-type': body.contentType } : {}),
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(body.text);
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Escapes text for an HTML attribute or element. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
