import { SignetError } from '../errors/signet-error.js';
import type { CallbackInput } from '../jarm/callback-input.js';
import { callbackBodyTooLarge } from './callback-request.js';

/** A Node readable (IncomingMessage) as far as the reader needs it. */
interface NodeReadable {
  on(event: string, listener: (...args: never[]) => void): NodeReadable;
  off(event: string, listener: (...args: never[]) => void): NodeReadable;
  resume(): unknown;
  readonly readableEnded?: boolean;
  readonly readable?: boolean;
}

/** Where a callback body may be: what a body parser left, or the stream nothing read yet. */
export interface CallbackBodySource {
  /** The exact bytes a parser kept (Nest's `rawBody: true`). Preferred: repeated fields stay visible. */
  rawBody?: unknown;
  /** What a body parser produced: an object (urlencoded parsers), a string or a Buffer. */
  parsedBody?: unknown;
  /** The body stream when no parser read it: a Node request or a WHATWG `ReadableStream`. */
  stream?: unknown;
}

const malformed = (cause?: unknown) =>
  new SignetError('ERR_CALLBACK_BODY_MALFORMED', 'the callback body could not be read', {
    ...(cause === undefined ? {} : { cause }),
  });

function isNodeReadable(value: unknown): value is NodeReadable {
  return (
    typeof (value as NodeReadable | null)?.on === 'function' && typeof (value as NodeReadable).resume === 'function'
  );
}

/** Reads up to `limit` bytes; past it stops buffering and lets the rest drain, so the 413 still reaches the client. */
function readNode(stream: NodeReadable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const detach = () => stream.off('data', onData).off('end', onEnd).off('error', onError);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      detach();
      stream.resume();
      reject(callbackBodyTooLarge(limit));
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    const onError = (err: Error) => reject(malformed(err));
    stream.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

async function readWeb(stream: ReadableStream<Uint8Array>, limit: number): Promise<Buffer> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (cause) {
      throw malformed(cause);
    }
    if (next.done) return Buffer.concat(chunks);
    size += next.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw callbackBodyTooLarge(limit);
    }
    chunks.push(next.value);
  }
}

function bytesToForm(bytes: Buffer | Uint8Array | string, limit: number): URLSearchParams {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
  if (size > limit) throw callbackBodyTooLarge(limit);
  return new URLSearchParams(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8'));
}

/**
 * The one bounded reader of a callback's form body (the caller has checked the media type): the parser's raw
 * bytes, else its parsed result, else the stream, never more than `limit` bytes (then `ERR_CALLBACK_BODY_TOO_LARGE`).
 */
export async function readCallbackBody(source: CallbackBodySource, limit: number): Promise<CallbackInput['params']> {
  const { rawBody, parsedBody, stream } = source;
  if (Buffer.isBuffer(rawBody) || rawBody instanceof Uint8Array) return bytesToForm(rawBody, limit);
  if (typeof parsedBody === 'string' || parsedBody instanceof Uint8Array) return bytesToForm(parsedBody, limit);
  if (typeof parsedBody === 'object' && parsedBody !== null) return { ...(parsedBody as Record<string, unknown>) };
  if (typeof ReadableStream !== 'undefined' && stream instanceof ReadableStream)
    return bytesToForm(await readWeb(stream as ReadableStream<Uint8Array>, limit), limit);
  if (isNodeReadable(stream)) {
    // Already consumed by a parser that left nothing (an empty form), or nothing to read.
    if (stream.readableEnded || stream.readable === false) return new URLSearchParams();
    return bytesToForm(await readNode(stream, limit), limit);
  }
  return new URLSearchParams();
}
