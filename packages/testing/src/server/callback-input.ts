import type { Delivery } from '../attacks/drafts.js';
import type { AuthorizationOutcome } from './types.js';

/** What reached the redirect URI, in the shape of `@signet/core`'s `CallbackInput`. */
export interface CallbackInputShape {
  delivery: Delivery;
  params: Record<string, string>;
}

/**
 * The callback input a browser would bring from an authorization outcome: the query, the fragment (relayed by
 * the callback page) or the posted form.
 * @example await client.callback(callbackInputOf(await as.authorize(url)), context);
 */
export function callbackInputOf(outcome: AuthorizationOutcome): CallbackInputShape {
  if (outcome.kind === 'form_post') return { delivery: 'form_post', params: { ...outcome.fields } };
  const url = new URL(outcome.url);
  if (url.hash.length > 1)
    return { delivery: 'fragment', params: Object.fromEntries(new URLSearchParams(url.hash.slice(1))) };
  return { delivery: 'query', params: Object.fromEntries(url.searchParams) };
}
