import {
  callbackBodyLimit,
  callbackBodyTooLarge,
  checkCallbackMediaType,
  checkCallbackMethod,
  formPostRelayFields,
  RESPONSE_PARAMETERS,
  takeRelayMarker,
  type CallbackInput,
} from '@signet/core';
import type { HttpExchange } from './http/http-exchange.js';
import { formPostRelayPage, fragmentRelayPage } from './signet-pages.js';
import { SignetRelayRequired } from './signet-relay.exception.js';

/** Every Signet cookie (binding, transaction, session) starts with this. */
const SIGNET_COOKIE_PREFIX = 'signet.';

/**
 * The authorization response as it reached this server, with the delivery channel taken from the HTTP request,
 * never from a parameter the sender chose (core's relay convention and method/body rules):
 * - GET with response parameters → `query`; GET without any → the fragment relay page (fragment.jwt);
 * - POST urlencoded → `form_post`, or `fragment` when our relay page posted it; a cross-site form_post that lost
 *   its cookies → the form_post relay page;
 * - any other method → 405 (with `Allow`), any other body → 415, a body over the bound → 413.
 */
export async function callbackInput(exchange: HttpExchange, maxResponseSize: number): Promise<CallbackInput> {
  let method: 'GET' | 'POST';
  try {
    method = checkCallbackMethod(exchange.method);
  } catch (err) {
    exchange.setHeader('allow', 'GET, POST');
    throw err;
  }
  if (method === 'GET') {
    const at = exchange.url.indexOf('?');
    const params = new URLSearchParams(at < 0 ? '' : exchange.url.slice(at + 1));
    if (![...params.keys()].some((name) => RESPONSE_PARAMETERS.has(name)))
      throw new SignetRelayRequired(fragmentRelayPage());
    return { delivery: 'query', params };
  }
  checkCallbackMediaType(exchange.header('content-type'));
  const limit = callbackBodyLimit(maxResponseSize);
  const body = await exchange.readForm(limit);
  if (body.kind === 'too_large') throw callbackBodyTooLarge(limit);
  const { params, relay } = takeRelayMarker(body.params);
  if (relay === undefined) {
    const fields = formPostRelayFields(params, {
      sameOrigin: exchange.header('sec-fetch-site') === 'same-origin',
      hasSignetCookie: exchange.cookies.names().some((name) => name.startsWith(SIGNET_COOKIE_PREFIX)),
      maxSize: maxResponseSize,
    });
    if (fields) throw new SignetRelayRequired(formPostRelayPage(fields));
  }
  return { delivery: relay === 'fragment' ? 'fragment' : 'form_post', params };
}
