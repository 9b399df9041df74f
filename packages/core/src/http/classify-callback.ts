import { SignetError } from '../errors/signet-error.js';
import type { CallbackInput } from '../jarm/callback-input.js';
import {
  callbackBodyLimit,
  checkCallbackMediaType,
  checkCallbackMethod,
  FORM_MEDIA_TYPE,
  mediaTypeOf,
} from './callback-request.js';
import { headerOf, type CallbackHttpRequest } from './callback-http-request.js';
import type { CookieJar } from './cookie-jar.js';
import { readCallbackBody } from './read-callback-body.js';
import {
  formPostRelayFields,
  parameterEntries,
  RELAY_FIELD,
  RESPONSE_PARAMETERS,
  takeRelayMarker,
} from './relay-marker.js';
import { fragmentRelayPage, formPostRelayPage, type EdgeResponse } from './signet-page.js';
import { isSignetCookie } from './signet-cookies.js';

/** What a request to a Signet route is. */
export type CallbackEdgeResult =
  /** A login to start (only where the route also starts logins: a Passport strategy). */
  | { kind: 'start' }
  /** An authorization response for `SignetClient.callback()`, with its channel taken from the HTTP request. */
  | { kind: 'verify'; input: CallbackInput }
  /** One more hop through the browser (fragment.jwt landing, a cross-site form_post): answer with this page. */
  | { kind: 'relay'; response: EdgeResponse }
  /** Refused before any protocol check, with its code. */
  | { kind: 'refuse'; error: SignetError };

export interface ClassifyCallbackOptions {
  /** The client's redirect URI: its path is the callback, its own query is not a response. */
  redirectUri: string;
  /** The client's `maxResponseSize`; the body bound follows from it. */
  maxResponseSize: number;
  /**
   * The route also starts logins (a Passport strategy on both `/login` and `/callback`): a request that is not a
   * response starts one. Otherwise (the NestJS callback guard) every request is a callback.
   */
  startsLogins?: boolean;
  /** The request's cookies (`HeaderCookieJar`): a duplicated Signet cookie is refused, and relays look for ours. */
  cookies?: Pick<CookieJar, 'names'> & { duplicated?(): readonly string[] };
}

/**
 * Reduces the request target to its path and query before parsing: an absolute-form target (`http://host/path`,
 * a proxy's request line) could otherwise name another origin, or an authority WHATWG URL throws on.
 */
function requestUrl(target: string): URL {
  const rest = target.replace(/^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i, '');
  return new URL(`http://localhost${rest.startsWith('/') ? rest : `/${rest}`}`);
}

const hasResponse = (names: Iterable<string>) => [...names].some((name) => RESPONSE_PARAMETERS.has(name));

/** Field names of a body another parser (JSON, text) already read; a form is never among these. */
function parsedNames(body: unknown): string[] {
  return typeof body === 'object' && body !== null && !(body instanceof Uint8Array) ? Object.keys(body) : [];
}

function refuseDuplicates(options: ClassifyCallbackOptions): void {
  const duplicated = (options.cookies?.duplicated?.() ?? []).filter(isSignetCookie);
  if (duplicated.length > 0)
    throw new SignetError('ERR_COOKIE_DUPLICATED', 'the request carries two Signet cookies of one name', {
      expected: 'one cookie per name',
    });
}

async function classify(request: CallbackHttpRequest, options: ClassifyCallbackOptions): Promise<CallbackEdgeResult> {
  const url = requestUrl(request.url);
  const atCallback = !options.startsLogins || url.pathname === new URL(options.redirectUri).pathname;
  const method = (request.method ?? '').toUpperCase();
  const query = url.searchParams;

  if (method === 'POST') {
    const contentType = headerOf(request.headers, 'content-type');
    if (mediaTypeOf(contentType) !== FORM_MEDIA_TYPE) {
      // Only forms carry a response: refused at the callback or when it names response fields, else a login.
      if (atCallback || hasResponse(parsedNames(request.parsedBody))) checkCallbackMediaType(contentType);
      return { kind: 'start' };
    }
    const body = await readCallbackBody(request, callbackBodyLimit(options.maxResponseSize));
    const names = parameterEntries(body).map(([name]) => name);
    if (!atCallback && !names.includes(RELAY_FIELD) && !hasResponse(names)) return { kind: 'start' };
    refuseDuplicates(options);
    const { params, relay } = takeRelayMarker(body);
    if (relay === undefined) {
      const fields = formPostRelayFields(params, {
        sameOrigin: headerOf(request.headers, 'sec-fetch-site') === 'same-origin',
        hasSignetCookie: (options.cookies?.names() ?? []).some(isSignetCookie),
        maxSize: options.maxResponseSize,
      });
      if (fields) return { kind: 'relay', response: formPostRelayPage(fields) };
    }
    return { kind: 'verify', input: { delivery: relay === 'fragment' ? 'fragment' : 'form_post', params } };
  }

  // HEAD, OPTIONS, PUT, ...: never a delivery channel; a link previewer must not consume the pending login.
  if (method !== 'GET') {
    if (atCallback || hasResponse(query.keys())) checkCallbackMethod(method);
    return { kind: 'start' };
  }
  if (hasResponse(query.keys())) {
    refuseDuplicates(options);
    return { kind: 'verify', input: { delivery: 'query', params: query } };
  }
  // A bare GET of the callback is the fragment.jwt landing: the browser kept the response in the fragment.
  return atCallback ? { kind: 'relay', response: fragmentRelayPage() } : { kind: 'start' };
}

/**
 * The one callback edge: decides from the HTTP request itself (method, media type, body, path), never from a
 * value the sender chose, whether it starts a login, carries a response to verify (and by which channel), needs
 * one more hop through the browser, or is refused with a code. Refusals are results, not throws.
 */
export async function classifyCallback(
  request: CallbackHttpRequest,
  options: ClassifyCallbackOptions,
): Promise<CallbackEdgeResult> {
  try {
    return await classify(request, options);
  } catch (err) {
    if (err instanceof SignetError) return { kind: 'refuse', error: err };
    return { kind: 'refuse', error: new SignetError('ERR_CALLBACK_BODY_MALFORMED', undefined, { cause: err }) };
  }
}
