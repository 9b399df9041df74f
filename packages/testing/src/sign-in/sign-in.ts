// Signs a test user in without a browser: the app's login route, the authorization server, the callback, with one
// browser's cookies, over real HTTP. The app can be a URL or an unstarted Node server (a Nest app's getHttpServer()).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AttackName } from '../attacks/attack-names.js';
import type { AuthorizationOutcome } from '../server/types.js';
import { BrowserCookies, type RequestSite } from './browser-cookies.js';
import { relayForm, runFragmentRelay } from './relay-page.js';

/** The app to sign in to: its base URL, a Node HTTP server, or anything with `getHttpServer()` (a Nest app). */
export type SignInTarget = string | URL | Server | { getHttpServer(): unknown };

/** Options of `signIn` and `attemptSignIn`. */
export interface SignInOptions {
  /** The app's route that starts a login. Default `/login`. */
  loginPath?: string;
  /** The login name the test AS signs in (`login=`). Default: the AS's default user (`alice`). */
  login?: string;
  /** Deny consent at the test AS (`deny=1`). */
  deny?: boolean;
  /** Named attacks the test AS plays on this login's response (`attack=`). */
  attack?: AttackName | AttackName[];
  /**
   * Completes the AS's part of the flow instead of the test AS's endpoint: for example dev-as's
   * `completeLogin(url, { login })`. Receives the authorization URL, returns where the browser goes next.
   */
  authorize?: (authorizationUrl: string) => Promise<AuthorizationOutcome>;
  /** The browser's cookies (reuse one to sign in again in the same browser). Default: a new browser. */
  cookies?: BrowserCookies;
}

/** How a sign-in ended: the app's last answer, and the browser's cookies after it. */
export interface SignInResult {
  /** The app's final status: 303 (or another redirect) on success. */
  status: number;
  /** Where the app sent the browser after the callback. */
  location?: string;
  /** The Signet code of a refusal (`{"error":"ERR_..."}` in the app's JSON answer). */
  code?: string;
  /** The app's final body. */
  body: string;
  /** The browser's cookies after the sign-in. */
  cookies: BrowserCookies;
  /** The `Cookie` header to send with the app's next requests (supertest's `.set('Cookie', cookie)`). */
  cookie: string;
}

/** A sign-in the app did not complete: its status and refusal code. */
export class SignInFailedError extends Error {
  constructor(readonly result: SignInResult) {
    super(
      `the sign-in ended with ${result.status}${result.code ? ` ${result.code}` : ''}: ${result.body.slice(0, 300)}`,
    );
    this.name = 'SignInFailedError';
  }
}

/**
 * The app's base URL. A server that is not listening yet is started on 127.0.0.1 (a random port) and left
 * running: the app's own `close()` stops it, and supertest then uses that address.
 */
async function baseOf(target: SignInTarget): Promise<URL> {
  if (typeof target === 'string' || target instanceof URL) return new URL(target);
  const server = ('getHttpServer' in target ? target.getHttpServer() : target) as Server;
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new URL(`http://127.0.0.1:${port}`);
}

/** Follows the test AS's authorization endpoint over HTTP: its 303, or the form_post.jwt page it answers. */
async function testAsAuthorize(url: string): Promise<AuthorizationOutcome> {
  const response = await fetch(url, { redirect: 'manual' });
  if (response.status >= 300 && response.status < 400) {
    return { kind: 'redirect', url: new URL(response.headers.get('location') ?? '', url).href };
  }
  const html = await response.text();
  if (!response.ok) throw new Error(`the authorization server answered ${response.status}: ${html.slice(0, 300)}`);
  const action = /<form method="post" action="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) throw new Error('the authorization server answered a page without a form');
  const unescape = (text: string) => text.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
  const fields = Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [
      unescape(m[1]!),
      unescape(m[2]!),
    ]),
  );
  return { kind: 'form_post', action: unescape(action), fields };
}

/**
 * Signs a user in as a browser would, without one, and reports how it ended (a refusal is a result, not an error).
 * @example const { status, code } = await attemptSignIn(app, { attack: 'expired' }); // 400, ERR_JARM_EXPIRED
 */
export async function attemptSignIn(target: SignInTarget, options: SignInOptions = {}): Promise<SignInResult> {
  const base = await baseOf(target);
  const cookies = options.cookies ?? new BrowserCookies();
  /** One request to the app, whatever origin the redirect URI names (the app under test answers it). */
  const app = async (pathAndQuery: string, init: RequestInit = {}, site: RequestSite = 'same-origin') => {
    const headers = new Headers(init.headers);
    const cookie = cookies.header(site);
    if (cookie) headers.set('cookie', cookie);
    headers.set('sec-fetch-site', site === 'same-origin' ? 'same-origin' : 'cross-site');
    const response = await fetch(new URL(pathAndQuery, base), { ...init, headers, redirect: 'manual' });
    cookies.store(response);
    return response;
  };
  const post = (action: string, fields: Record<string, string>, site: RequestSite = 'same-origin') =>
    app(
      action,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      },
      site,
    );
  const start = await app(options.loginPath ?? '/login');
  const location = start.headers.get('location');
  if (start.status < 300 || start.status >= 400 || !location) return await result(start, cookies);
  const authorizationUrl = new URL(location, base);
  if (options.login !== undefined) authorizationUrl.searchParams.set('login', options.login);
  if (options.deny) authorizationUrl.searchParams.set('deny', '1');
  if (options.attack !== undefined) authorizationUrl.searchParams.set('attack', [options.attack].flat().join(','));
  const outcome = await (options.authorize ?? testAsAuthorize)(authorizationUrl.href);

  let response: Response;
  if (outcome.kind === 'form_post') {
    const action = new URL(outcome.action);
    // The AS's page posts the form: a cross-site POST, which carries no SameSite=Lax cookie.
    response = await post(action.pathname + action.search, outcome.fields, 'cross-site-post');
  } else {
    const landing = new URL(outcome.url);
    response = await app(landing.pathname + landing.search, {}, 'cross-site-navigation');
    if (landing.hash && response.status === 200) {
      // fragment.jwt: the server sees no fragment; its page relays it, as the browser's script would.
      const relay = runFragmentRelay(await response.text(), landing);
      response = await post(relay.action, relay.fields);
    }
  }
  // A cross-site form_post may be answered by a same-site relay form (SameSite cookies): submit it.
  if (response.status === 200 && (response.headers.get('content-type') ?? '').includes('html')) {
    const html = await response.text();
    if (!html.includes('<form id="relay"')) return await result(response, cookies, html);
    const relay = relayForm(html, response.url);
    response = await post(new URL(relay.action, base).pathname + new URL(relay.action, base).search, relay.fields);
  }
  return await result(response, cookies);
}

async function result(response: Response, cookies: BrowserCookies, text?: string): Promise<SignInResult> {
  const body = text ?? (await response.text());
  let code: string | undefined;
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') code = parsed.error;
  } catch {
    code = /\b(ERR_[A-Z_]+)\b/.exec(body)?.[1];
  }
  return {
    status: response.status,
    ...(response.headers.get('location') ? { location: response.headers.get('location')! } : {}),
    ...(code ? { code } : {}),
    body,
    cookies,
    cookie: cookies.header(),
  };
}

/**
 * Signs a user in and resolves once the app redirected after its callback; throws `SignInFailedError` otherwise.
 * @example const { cookie } = await signIn(app.getHttpServer()); await request(server).get('/me').set('Cookie', cookie);
 */
export async function signIn(target: SignInTarget, options: SignInOptions = {}): Promise<SignInResult> {
  const outcome = await attemptSignIn(target, options);
  if (outcome.status < 300 || outcome.status >= 400 || outcome.code) throw new SignInFailedError(outcome);
  return outcome;
}
