import { auditEarlyRefusal } from '../audit/early-refusal.js';
import type { SignetClient } from '../client/signet-client.js';
import type { CallbackHttpRequest } from './callback-http-request.js';
import { classifyCallback, type CallbackEdgeResult, type ClassifyCallbackOptions } from './classify-callback.js';
import { clientConfig } from '../client/client-config.js';

/** Options of `callbackEdge`: the request's cookie jar, and whether the route also starts logins. */
export type CallbackEdgeOptions = Pick<ClassifyCallbackOptions, 'cookies' | 'startsLogins'>;

/**
 * `classifyCallback` with the client's redirect URI and bounds; a refusal made here, before `callback()` saw
 * anything, is recorded in the client's audit stream like every other refusal.
 *
 * @example
 * const cookies = new HeaderCookieJar(req.headers.cookie, (c) => res.appendHeader('set-cookie', c));
 * const edge = await callbackEdge(client, { method: req.method, url: req.url, headers: req.headers, stream: req }, { cookies });
 * if (edge.kind === 'verify') await client.callback(edge.input, { cookies });
 */
export async function callbackEdge(
  client: SignetClient,
  request: CallbackHttpRequest,
  options: CallbackEdgeOptions = {},
): Promise<CallbackEdgeResult> {
  const { redirectUri, maxResponseSize } = clientConfig(client);
  const result = await classifyCallback(request, { ...options, redirectUri, maxResponseSize });
  if (result.kind === 'refuse') auditEarlyRefusal(client, result.error);
  return result;
}
