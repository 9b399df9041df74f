import { SignetError, type CallbackInput } from '@signet/core';
import { FORM_POST_RELAY_VALUE, FRAGMENT_RELAY_VALUE, RELAY_FIELD } from '../relay/relay-pages.js';
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

// Any of these means "the AS answered": unsigned ones included, so that core refuses them (never a new login).
const RESPONSE_PARAMETERS = ['response', 'code', 'state', 'error', 'iss'];
/** Every cookie core sets (browser binding, sealed transaction) starts with this. */
const SIGNET_COOKIE_PREFIX = 'signet.';
/** A real form_post.jwt carries `response` and perhaps `iss`; a handful is plenty. */
const MAX_RELAYED_FIELDS = 8;

function entries(params: URLSearchParams | Record<string, unknown>): Array<[string, unknown]> {
  if (params instanceof URLSearchParams) return [...params.entries()];
  return Object.entries(params).flatMap(([name, value]) =>
    Array.isArray(value) ? value.map((v): [string, unknown] => [name, v]) : [[name, value] as [string, unknown]],
  );
}

/** Removes the relay marker (core refuses parameters it does not expect); it must appear once, with a known value. */
function takeRelayMarker(params: URLSearchParams | Record<string, unknown>): {
  params: URLSearchParams | Record<string, unknown>;
  relay?: string;
} {
  const list = entries(params);
  const markers = list.filter(([name]) => name === RELAY_FIELD);
  if (markers.length === 0) return { params };
  const relay = markers[0]![1];
  if (markers.length > 1 || (relay !== FRAGMENT_RELAY_VALUE && relay !== FORM_POST_RELAY_VALUE)) {
    throw new SignetError(
      'ERR_JARM_UNEXPECTED_PARAMETERS',
      `the "${RELAY_FIELD}" field must appear once, as "${FRAGMENT_RELAY_VALUE}" or "${FORM_POST_RELAY_VALUE}"`,
    );
  }
  const rest = new URLSearchParams();
  for (const [name, value] of list) {
    if (name === RELAY_FIELD) continue;
    if (typeof value !== 'string') throw new SignetError('ERR_JARM_MALFORMED', `the "${name}" field is not a string`);
    rest.append(name, value);
  }
  return { params: rest, relay };
}

/**
 * A cross-site POST (the AS's auto-submitted form) arrives without SameSite=Lax cookies, so the login's browser
 * binding would be missing and core would refuse it. Such a POST is bounced once through a same-origin page.
 */
function crossSiteFormPost(
  req: StrategyRequest,
  params: URLSearchParams | Record<string, unknown>,
  maxSize: number,
): Array<[string, string]> | undefined {
  if (req.headers['sec-fetch-site'] === 'same-origin') return undefined;
  const cookies = req.headers.cookie ?? '';
  if (cookies.split(';').some((pair) => pair.trim().startsWith(SIGNET_COOKIE_PREFIX))) return undefined;
  const list = entries(params);
  if (list.length === 0 || list.length > MAX_RELAYED_FIELDS || !list.some(([name]) => name === 'response'))
    return undefined;
  let size = 0;
  for (const [name, value] of list) {
    if (typeof value !== 'string') return undefined;
    size += name.length + value.length;
  }
  // Oversized or odd input goes straight to core, which refuses it with its code.
  return size <= maxSize ? (list as Array<[string, string]>) : undefined;
}

/**
 * Decides the delivery channel from the HTTP request itself (method, body, path), never from a value the AS
 * chose: a POST carrying the relay marker is a relayed response, another POST with response parameters or to
 * the callback a form_post, a GET with response parameters a query response, and a bare GET of the redirect URI
 * the fragment landing.
 */
export async function classifyRequest(
  req: StrategyRequest,
  redirectUri: string,
  maxResponseSize = 16_384,
): Promise<ClassifiedRequest> {
  const target = req.originalUrl ?? req.url ?? '/';
  const url = new URL(target, 'http://localhost');
  const redirect = new URL(redirectUri);
  const atCallback = url.pathname === redirect.pathname;
  const hasResponse = (list: string[]) => list.some((name) => RESPONSE_PARAMETERS.includes(name));

  if (req.method === 'POST') {
    const body = await readFormBody(req);
    const names = entries(body).map(([name]) => name);
    if (!atCallback && !names.includes(RELAY_FIELD) && !hasResponse(names)) return { kind: 'start' };
    const { params, relay } = takeRelayMarker(body);
    if (relay === undefined) {
      const fields = crossSiteFormPost(req, params, maxResponseSize);
      if (fields) return { kind: 'form-post-relay', action: url.pathname + url.search, fields };
    }
    return { kind: 'callback', input: { delivery: relay === FRAGMENT_RELAY_VALUE ? 'fragment' : 'form_post', params } };
  }

  const query = url.searchParams;
  if (hasResponse([...query.keys()])) return { kind: 'callback', input: { delivery: 'query', params: query } };
  if (atCallback) {
    const own = redirect.searchParams;
    const onlyOwn = [...query.entries()].every(([name, value]) => own.getAll(name).includes(value));
    return onlyOwn ? { kind: 'fragment-relay' } : { kind: 'callback', input: { delivery: 'query', params: query } };
  }
  return { kind: 'start' };
}
