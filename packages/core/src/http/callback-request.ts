import { SignetError } from '../errors/signet-error.js';

/** The methods that deliver a response; the `Allow` header of a 405. */
export const CALLBACK_METHODS = ['GET', 'POST'] as const;

/** The one body type that carries an authorization response (form_post.jwt, and the relay pages' posts). */
export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/** `application/x-www-form-urlencoded; charset=UTF-8` → `application/x-www-form-urlencoded`; `none` when absent. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase() || 'none';
}

/** A refusal names the media type only when it looks like one: the header is the sender's text. */
function shown(type: string): string {
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/.test(type) || type === 'none'
    ? type
    : 'another content type';
}

/**
 * Only GET (query, jwt) and POST (form_post, the relays) deliver a response. Any other method is refused with
 * 405 before anything is read, HEAD included: a link previewer or a monitor must not consume the pending login.
 * The edge answers it with `Allow: GET, POST` (`refusalResponse`).
 */
export function checkCallbackMethod(method: string | undefined): 'GET' | 'POST' {
  const upper = (method ?? '').toUpperCase();
  if (upper === 'GET' || upper === 'POST') return upper;
  throw new SignetError(
    'ERR_CALLBACK_METHOD_NOT_ALLOWED',
    `the callback accepts GET and POST, not ${/^[A-Z-]{1,20}$/.test(upper) ? upper : 'this method'}`,
    { expected: CALLBACK_METHODS },
  );
}

/** A POST to the callback must be a form: JSON, text or multipart never carry a response. 415 otherwise. */
export function checkCallbackMediaType(contentType: string | undefined): void {
  const type = mediaTypeOf(contentType);
  if (type === FORM_MEDIA_TYPE) return;
  throw new SignetError(
    'ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED',
    `a POST to the callback must be ${FORM_MEDIA_TYPE} (form_post.jwt), not ${shown(type)}`,
    { expected: FORM_MEDIA_TYPE },
  );
}

/**
 * How many body bytes an adapter reads at most before refusing unparsed (413): percent-encoding can triple a value
 * of `maxResponseSize`, plus room for `iss` and the relay marker.
 */
export function callbackBodyLimit(maxResponseSize: number): number {
  return maxResponseSize * 3 + 1024;
}

/** The 413 for a body over `callbackBodyLimit()`, refused before it is parsed. */
export function callbackBodyTooLarge(limit: number): SignetError {
  return new SignetError('ERR_CALLBACK_BODY_TOO_LARGE', `the callback body exceeds ${limit} bytes and was not parsed`, {
    expected: { maxBytes: limit },
  });
}
