import { SignetError } from '../errors/signet-error.js';
import type { CallbackInput } from '../jarm/callback-input.js';

/**
 * The relay convention every adapter shares, so that any of them serves a callback another one's page posts to:
 * - fragment.jwt: browsers never send the URL fragment, so a bare GET of the callback answers a page that posts the
 *   fragment's parameters back to its own URL as a form, adding `signet_relay=fragment`;
 * - form_post.jwt: a cross-site POST from the AS carries no SameSite=Lax cookie (the login's browser binding), so
 *   it is bounced once through a same-origin page that re-posts the same fields with `signet_relay=form_post`.
 * The marker only names the channel; it proves nothing. `callback()` still refuses a response whose login asked for
 * another response mode (ERR_JARM_RESPONSE_MODE_MISMATCH) or was begun in another browser (ERR_STATE_UNKNOWN).
 */
export const RELAY_FIELD = 'signet_relay';

/** The channels a relay page can name. */
export type RelayChannel = 'fragment' | 'form_post';

/**
 * Parameter names that mean "the AS answered", signed or not: a request carrying one is a response for
 * `callback()` to judge, never a login to start and never a fragment landing.
 */
export const RESPONSE_PARAMETERS: ReadonlySet<string> = new Set([
  'response',
  'code',
  'state',
  'error',
  'iss',
  'id_token',
  'access_token',
]);

/** A real form_post.jwt carries `response` and perhaps `iss`/`state`; a handful is plenty. */
const MAX_RELAYED_FIELDS = 8;

/** Name/value pairs of a URLSearchParams or of a parsed body (arrays are repeated fields). */
export function parameterEntries(params: CallbackInput['params']): Array<[string, unknown]> {
  if (params instanceof URLSearchParams) return [...params.entries()];
  return Object.entries(params ?? {}).flatMap(([name, value]) =>
    Array.isArray(value) ? value.map((v): [string, unknown] => [name, v]) : [[name, value] as [string, unknown]],
  );
}

/**
 * Removes the relay marker, since `callback()` refuses any parameter it does not expect. The marker must appear
 * once, naming a known channel; then every other field must be a plain string.
 */
export function takeRelayMarker(params: CallbackInput['params']): {
  params: CallbackInput['params'];
  relay?: RelayChannel;
} {
  const list = parameterEntries(params);
  const markers = list.filter(([name]) => name === RELAY_FIELD);
  if (markers.length === 0) return { params };
  const relay = markers[0]![1];
  if (markers.length > 1 || (relay !== 'fragment' && relay !== 'form_post')) {
    throw new SignetError(
      'ERR_JARM_UNEXPECTED_PARAMETERS',
      `the "${RELAY_FIELD}" field must appear once, as "fragment" or "form_post"`,
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

/** What the adapter knows of a POST that carried no relay marker. */
export interface FormPostRelayContext {
  /** The browser said `Sec-Fetch-Site: same-origin`. */
  sameOrigin: boolean;
  /** Some cookie whose name starts with `signet.` came along (then the binding cookie would have too). */
  hasSignetCookie: boolean;
  /** The client's `maxResponseSize`. */
  maxSize: number;
}

/**
 * The fields to re-post from this origin when a form_post arrived cross-site (without its SameSite=Lax cookies),
 * or undefined when it goes straight to `callback()`: same-origin, cookies present, or input that is not one
 * plausible response (none or several `response` fields, too many fields, structured values, oversized), which
 * `callback()` refuses with its own code.
 */
export function formPostRelayFields(
  params: CallbackInput['params'],
  context: FormPostRelayContext,
): Array<[string, string]> | undefined {
  if (context.sameOrigin || context.hasSignetCookie) return undefined;
  const list = parameterEntries(params);
  if (list.length > MAX_RELAYED_FIELDS || list.filter(([name]) => name === 'response').length !== 1) return undefined;
  let size = 0;
  for (const [name, value] of list) {
    if (typeof value !== 'string') return undefined;
    size += name.length + value.length;
  }
  return size <= context.maxSize ? (list as Array<[string, string]>) : undefined;
}
