import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';
import type { CallbackInput } from './callback-input.js';

const PROTOCOL_PARAMETERS = new Set([
  'code',
  'state',
  'error',
  'error_description',
  'error_uri',
  'id_token',
  'access_token',
  'token_type',
  'expires_in',
  'session_state',
  'iss',
]);

function entries(params: CallbackInput['params']): Array<[string, unknown]> {
  if (params instanceof URLSearchParams) return [...params.entries()];
  const list: Array<[string, unknown]> = [];
  for (const [name, value] of Object.entries(params ?? {})) {
    if (Array.isArray(value)) for (const item of value) list.push([name, item]);
    else if (value !== undefined) list.push([name, value]);
  }
  return list;
}

/**
 * Takes the single `response` parameter from what the AS sent, bounded in size before anything parses it.
 * Unsigned parameters are never trusted: an unsigned response (code/state without `response`) is refused,
 * a plain `iss` that disagrees with the expected issuer is a mix-up signal (RFC 9207 §4; an agreeing one is
 * redundant and tolerated, the signed `iss` still decides), and any other
 * parameter beside `response` is refused unless it is part of the registered redirect URI's own query.
 */
export function extractResponse(config: ClientConfig, input: CallbackInput): string {
  const list = entries(input.params);
  let size = 0;
  for (const [name, value] of list)
    size += name.length + (typeof value === 'string' ? value.length : JSON.stringify(value ?? '').length);
  if (size > config.maxResponseSize) {
    throw new SignetError(
      'ERR_JARM_RESPONSE_TOO_LARGE',
      `the authorization response is ${size} bytes; the bound is ${config.maxResponseSize}`,
    );
  }
  const responses = list.filter(([name]) => name === 'response');
  const plainIssuers = list.filter(([name]) => name === 'iss');
  for (const [, iss] of plainIssuers) {
    if (iss !== config.issuer)
      throw new SignetError(
        'ERR_JARM_ISSUER_CONFLICT',
        `an unsigned "iss" names another issuer than "${config.issuer}"`,
      );
  }
  if (responses.length === 0) {
    const unsigned = list.some(([name]) => PROTOCOL_PARAMETERS.has(name));
    throw new SignetError(
      'ERR_JARM_RESPONSE_MISSING',
      unsigned
        ? 'an unsigned authorization response was refused: a signed "response" JWT is required'
        : 'the authorization response has no "response" parameter',
    );
  }
  if (responses.length > 1)
    throw new SignetError('ERR_JARM_RESPONSE_DUPLICATED', 'the "response" parameter appears more than once');
  // The redirect URI is parsed only when something besides response/iss came: the common case skips it.
  const others = list.filter(([name]) => name !== 'response' && name !== 'iss');
  if (others.length > 0) {
    const redirectQuery = new URL(config.redirectUri).searchParams;
    const unexpected = others.filter(([name, value]) => redirectQuery.get(name) !== value).map(([name]) => name);
    if (unexpected.length > 0) {
      throw new SignetError(
        'ERR_JARM_UNEXPECTED_PARAMETERS',
        `${unexpected.length} unsigned parameter(s) beside "response" refused`,
        // Their names are the sender's text: evidence for the audit and logs, never for the message.
        { cause: { parameters: [...new Set(unexpected)].slice(0, 5) } },
      );
    }
  }
  const response = responses[0]![1];
  if (typeof response !== 'string' || response === '')
    throw new SignetError('ERR_JARM_MALFORMED', 'the "response" parameter is not a string');
  return response;
}
