// @signet/core/http: the HTTP edge every framework adapter shares (the callback request, relay pages, cookies,
// refusals and their statuses). Adapters translate their request and response into these; they build nothing.
export { callbackEdge } from './callback-edge.js';
export type { CallbackEdgeOptions } from './callback-edge.js';
export { classifyCallback } from './classify-callback.js';
export type { CallbackEdgeResult, ClassifyCallbackOptions } from './classify-callback.js';
export { fromWebRequest, headerOf } from './callback-http-request.js';
export type { CallbackHttpRequest, RequestHeaders } from './callback-http-request.js';
export { readCallbackBody } from './read-callback-body.js';
export type { CallbackBodySource } from './read-callback-body.js';
export { HeaderCookieJar } from './header-cookie-jar.js';
export type { CookieJar, CookieOptions } from './cookie-jar.js';
export { parseCookieHeader, serializeCookie } from './cookie-header.js';
export {
  SIGNET_COOKIE_PREFIX,
  HOST_PREFIX,
  isSignetCookie,
  secureCookies,
  signetCookieName,
} from './signet-cookies.js';
export { fragmentRelayPage, formPostRelayPage, refusalPage, escapeHtml, SIGNET_PAGE_CSP } from './signet-page.js';
export type { EdgeResponse, RefusalRecovery } from './signet-page.js';
export { refusalResponse, refusalHeaders } from './refusal-response.js';
export type { SignetErrorBody, RefusalContext } from './refusal-response.js';
export { HTTP_STATUS, httpStatusOf } from './http-status.js';
export { RELAY_FIELD, RESPONSE_PARAMETERS } from './relay-marker.js';
export type { RelayChannel } from './relay-marker.js';
export { CALLBACK_METHODS, FORM_MEDIA_TYPE } from './callback-request.js';
export { isLoopbackUrl } from './loopback.js';
export { appendSetCookie, nodeCookieJar, nodeCallbackRequest, writeNodeResponse } from './node-response.js';
export { auditEarlyRefusal } from '../audit/early-refusal.js';
