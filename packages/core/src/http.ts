// @signet/core/http: the HTTP edge every framework adapter shares (the callback request, relay pages, cookies,
// refusals and their statuses). Adapters translate their request and response into these; they build nothing.
export { callbackEdge } from './http/callback-edge.js';
export type { CallbackEdgeOptions } from './http/callback-edge.js';
export { classifyCallback } from './http/classify-callback.js';
export type { CallbackEdgeResult, ClassifyCallbackOptions } from './http/classify-callback.js';
export { fromWebRequest, headerOf } from './http/callback-http-request.js';
export type { CallbackHttpRequest, RequestHeaders } from './http/callback-http-request.js';
export { readCallbackBody } from './http/read-callback-body.js';
export type { CallbackBodySource } from './http/read-callback-body.js';
export { HeaderCookieJar } from './http/header-cookie-jar.js';
export type { CookieJar, CookieOptions } from './http/cookie-jar.js';
export { parseCookieHeader, serializeCookie } from './http/cookie-header.js';
export {
  SIGNET_COOKIE_PREFIX,
  HOST_PREFIX,
  isSignetCookie,
  secureCookies,
  signetCookieName,
} from './http/signet-cookies.js';
export { fragmentRelayPage, formPostRelayPage, refusalPage, escapeHtml, SIGNET_PAGE_CSP } from './http/signet-page.js';
export type { EdgeResponse, RefusalRecovery } from './http/signet-page.js';
export { refusalResponse, refusalHeaders } from './http/refusal-response.js';
export type { SignetErrorBody, RefusalContext } from './http/refusal-response.js';
export { HTTP_STATUS, httpStatusOf } from './http/http-status.js';
export { RELAY_FIELD, RESPONSE_PARAMETERS } from './http/relay-marker.js';
export type { RelayChannel } from './http/relay-marker.js';
export { CALLBACK_METHODS, FORM_MEDIA_TYPE } from './http/callback-request.js';
export { isLoopbackUrl } from './http/loopback.js';
export { appendSetCookie, nodeCookieJar, nodeCallbackRequest, writeNodeResponse } from './http/node-response.js';
export { auditEarlyRefusal } from './audit/early-refusal.js';
