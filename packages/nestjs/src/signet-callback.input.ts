import { SignetError, type CallbackInput } from '@signet/core';
import type { HttpExchange } from './http/http-exchange.js';
import { SIGNET_RELAY_FIELD } from './signet.constants.js';
import { formPostRelayPage, fragmentRelayPage } from './signet-pages.js';
import { SignetRelayRequired } from './signet-relay.exception.js';

/** Every Signet cookie (binding, transaction, session) starts with this. */
const SIGNET_COOKIE_PREFIX = 'signet.';
/** A query carrying any of these is an answer (signed or not) to be judged by core, never relayed. */
const RESPONSE_PARAMETERS = new Set(['response', 'code', 'state', 'error', 'iss', 'id_token', 'access_token']);
/** A real form_post.jwt carries `response` and perhaps `iss`/`state`; a handful is plenty. */
const MAX_RELAYED_FIELDS = 8;

function entries(params: URLSearchParams | Record<string, unknown>): Array<[string, unknown]> {
  if (params instanceof URLSearchParams) return [...params.entries()];
  return Object.entries(params).flatMap(([name, value]) =>
    Array.isArray(value) ? value.map((v) => [name, v] as [string, unknown]) : [[name, value] as [string, unknown]],
  );
}

/** Removes the relay marker; core refuses any parameter it does not expect. */
function takeRelayMarker(params: URLSearchParams | Record<string, unknown>): {
  params: URLSearchParams | Record<string, unknown>;
  relay?: 'fragment' | 'form_post';
} {
  const list = entries(params);
  const markers = list.filter(([name]) => name === SIGNET_RELAY_FIELD);
  if (markers.length === 0) return { params };
  const value = markers[0]![1];
  if (markers.length > 1 || (value !== 'fragment' && value !== 'form_post')) {
    throw new SignetError(
      'ERR_JARM_UNEXPECTED_PARAMETERS',
      `the "${SIGNET_RELAY_FIELD}" field must appear once, as "fragment" or "form_post"`,
    );
  }
  const rest = new URLSearchParams();
  for (const [name, v] of list) {
    if (name === SIGNET_RELAY_FIELD) continue;
    if (typeof v !== 'string') throw new SignetError('ERR_JARM_MALFORMED', `the "${name}" field is not a string`);
    rest.append(name, v);
  }
  return { params: rest, relay: value };
}

/**
 * A cross-site POST (the authorization server's auto-submitted form) arrives without SameSite=Lax cookies, so the
 * login's browser binding cannot be checked. Such a POST is bounced once through a same-origin page.
 */
function needsFormPostRelay(
  exchange: HttpExchange,
  params: URLSearchParams | Record<string, unknown>,
  maxSize: number,
): Array<[string, string]> | undefined {
  if (exchange.header('sec-fetch-site') === 'same-origin') return undefined;
  if (exchange.cookies.names().some((name) => name.startsWith(SIGNET_COOKIE_PREFIX))) return undefined;
  const list = entries(params);
  if (list.length > MAX_RELAYED_FIELDS || list.filter(([name]) => name === 'response').length !== 1) return undefined;
  let size = 0;
  for (const [name, value] of list) {
    if (typeof value !== 'string') return undefined;
    size += name.length + value.length;
  }
  // Oversized or odd input goes straight to core, which refuses it with its code.
  return size <= maxSize ? (list as Array<[string, string]>) : undefined;
}

/**
 * The authorization response as it reached this server, with the delivery channel taken from the HTTP request,
 * never from a parameter the sender chose:
 * - GET with response parameters → `query`; GET without any → the fragment relay page (fragment.jwt);
 * - POST urlencoded → `form_post`, or `fragment` when our relay page posted it.
 */
export async function callbackInput(exchange: HttpExchange, maxResponseSize: number): Promise<CallbackInput> {
  if (exchange.method === 'GET') {
    const at = exchange.url.indexOf('?');
    const params = new URLSearchParams(at < 0 ? '' : exchange.url.slice(at + 1));
    if (![...params.keys()].some((name) => RESPONSE_PARAMETERS.has(name)))
      throw new SignetRelayRequired(fragmentRelayPage(exchange.path));
    return { delivery: 'query', params };
  }
  if (exchange.method !== 'POST') {
    // HEAD included: a link previewer must not consume the pending login.
    throw new SignetError('ERR_JARM_RESPONSE_MISSING', `the callback accepts GET and POST, not ${exchange.method}`, {
      status: 405,
    });
  }
  // Percent-encoding can triple a value; past that bound the body is not even parsed.
  const body = await exchange.readForm(maxResponseSize * 3 + 1024);
  if (body.kind === 'unsupported') {
    throw new SignetError(
      'ERR_JARM_RESPONSE_MISSING',
      `a POST to the callback must be application/x-www-form-urlencoded (form_post.jwt), not ${body.contentType}`,
      { status: 415 },
    );
  }
  if (body.kind === 'too_large') {
    throw new SignetError(
      'ERR_JARM_RESPONSE_TOO_LARGE',
      `the callback body exceeds ${maxResponseSize * 3 + 1024} bytes and was not parsed`,
      { status: 413 },
    );
  }
  const { params, relay } = takeRelayMarker(body.params);
  if (relay === undefined) {
    const fields = needsFormPostRelay(exchange, params, maxResponseSize);
    if (fields) throw new SignetRelayRequired(formPostRelayPage(exchange.path, fields));
  }
  return { delivery: relay === 'fragment' ? 'fragment' : 'form_post', params };
}
