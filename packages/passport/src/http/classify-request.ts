import {
  callbackBodyLimit,
  checkCallbackMediaType,
  checkCallbackMethod,
  FORM_MEDIA_TYPE,
  formPostRelayFields,
  mediaTypeOf,
  parameterEntries,
  RELAY_FIELD,
  RESPONSE_PARAMETERS,
  takeRelayMarker,
  type CallbackInput,
} from '@signet/core';
import { readFormBody, type FormRequest } from './read-form-body.js';

/**
 * What a request to the strategy is: a login to start, a response for core to verify, or one more hop through
 * the browser (the fragment landing, or a cross-site form_post to re-post from this origin).
 */
export type ClassifiedRequest =
  | { kind: 'start' }
  | { kind: 'callback'; input: CallbackInput }
  | { kind: 'fragment-relay' }
  | { kind: 'form-post-relay'; action: string; fields: Array<[string, string]> };

/** A request as Express, Nest or a bare Node server hands it over. */
export type StrategyRequest = FormRequest & { originalUrl?: string };

/** Every cookie core sets (browser binding, sealed transaction) starts with this. */
const SIGNET_COOKIE_PREFIX = 'signet.';

/**
 * The path and query of the request target. Only they are parsed: an absolute-form target (`http://host/path`,
 * a proxy's request line) could otherwise name another origin, or an authority WHATWG URL throws on.
 */
function requestUrl(target: string): URL {
  const rest = target.replace(/^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i, '');
  return new URL(`http://localhost${rest.startsWith('/') ? rest : `/${rest}`}`);
}

const hasResponse = (names: Iterable<string>) => [...names].some((name) => RESPONSE_PARAMETERS.has(name));

/** Field names of a body some other parser (JSON, text) already read; a form is never among these. */
function parsedNames(body: unknown): string[] {
  return typeof body === 'object' && body !== null && !Buffer.isBuffer(body) ? Object.keys(body) : [];
}

/**
 * Decides the delivery channel from the HTTP request itself (method, body, path), never from a value the AS
 * chose, with core's rules: only GET and POST deliver a response (405 otherwise), only a form body carries one
 * (415 otherwise), a form is read up to core's bound (413 past it). A POST carrying the relay marker is a relayed
 * response, another form POST with response parameters or to the callback a form_post, a GET with response
 * parameters a query response, and a bare GET of the redirect URI the fragment landing.
 */
export async function classifyRequest(
  req: StrategyRequest,
  redirectUri: string,
  maxResponseSize = 16_384,
): Promise<ClassifiedRequest> {
  const url = requestUrl(req.originalUrl ?? req.url ?? '/');
  const redirect = new URL(redirectUri);
  const atCallback = url.pathname === redirect.pathname;
  const query = url.searchParams;

  if (req.method === 'POST') {
    const form = mediaTypeOf(req.headers['content-type']) === FORM_MEDIA_TYPE;
    if (!form) {
      // Not a response (only forms carry one): refused at the callback or when it names response fields,
      // elsewhere a login to start (a JSON POST to a login route).
      if (atCallback || hasResponse(parsedNames(req.body))) checkCallbackMediaType(req.headers['content-type']);
      return { kind: 'start' };
    }
    const body = await readFormBody(req, callbackBodyLimit(maxResponseSize));
    const names = parameterEntries(body).map(([name]) => name);
    if (!atCallback && !names.includes(RELAY_FIELD) && !hasResponse(names)) return { kind: 'start' };
    const { params, relay } = takeRelayMarker(body);
    if (relay === undefined) {
      const fields = formPostRelayFields(params, {
        sameOrigin: req.headers['sec-fetch-site'] === 'same-origin',
        hasSignetCookie: (req.headers.cookie ?? '').split(';').some((p) => p.trim().startsWith(SIGNET_COOKIE_PREFIX)),
        maxSize: maxResponseSize,
      });
      // The path collapses leading slashes: `//host/...` in a form action would leave this origin.
      if (fields) return { kind: 'form-post-relay', action: url.pathname.replace(/^\/+/, '/') + url.search, fields };
    }
    return { kind: 'callback', input: { delivery: relay === 'fragment' ? 'fragment' : 'form_post', params } };
  }

  // HEAD, OPTIONS, PUT, ...: never a delivery channel; a link previewer must not consume the pending login.
  if (req.method !== 'GET' && (atCallback || hasResponse(query.keys()))) checkCallbackMethod(req.method);
  if (hasResponse(query.keys())) return { kind: 'callback', input: { delivery: 'query', params: query } };
  if (atCallback) {
    const own = redirect.searchParams;
    const onlyOwn = [...query.entries()].every(([name, value]) => own.getAll(name).includes(value));
    return onlyOwn ? { kind: 'fragment-relay' } : { kind: 'callback', input: { delivery: 'query', params: query } };
  }
  return { kind: 'start' };
}
