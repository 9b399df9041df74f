import { CookieJar } from './cookie-jar.js';
import { type HtmlForm, pageText, parseForms } from './html-forms.js';

export { CookieJar };

/** An AS page the browser was shown on its way (its login page, its consent page). */
export type AsPage = 'login' | 'consent';

/** Where the browser would go once the AS is done with it, and the pages it was shown on the way. */
export type LoginOutcome =
  /** The client's redirect_uri with the response in its query or fragment. */
  (
    | { kind: 'redirect'; url: string }
    /** An auto-submitting form (response_mode=form_post / form_post.jwt) addressed to the client. */
    | { kind: 'form_post'; action: string; fields: Record<string, string> }
  ) & {
    /** In order; empty when the AS answered at once (it remembered the user and the grant). */
    pages: AsPage[];
  };

export interface CompleteLoginOptions {
  /** Login name typed on the login page; default 'alice'. */
  login?: string;
  /** Press "Deny" on the consent page (the client then receives error=access_denied). */
  deny?: boolean;
  /** The fetch the "browser" uses; e.g. one trusting a test CA when the issuer is served over HTTPS. */
  fetch?: typeof fetch;
  /**
   * The AS's cookies of one browser, kept across calls (its AS session: a second login then skips the login
   * page, as a browser would). Default: a fresh jar per call, a browser that never met the AS.
   */
  cookies?: CookieJar;
}

interface Step {
  method: 'GET' | 'POST';
  url: URL;
  body?: URLSearchParams;
}

/** A real flow needs ~6 hops (auth → login → resume → consent → resume → client); more means a loop. */
const MAX_STEPS = 20;

function describe(response: Response, url: URL, html: string): string {
  const text = pageText(html).slice(0, 600);
  return `${response.status} from ${url.pathname}: ${text || '(empty body)'}`;
}

function findForm(forms: HtmlForm[], id: string): HtmlForm | undefined {
  return forms.find((form) => form.id === id);
}

/**
 * Drives the dev AS's browser flow over real HTTP (no browser): follows redirects within the AS, signs in,
 * approves or denies consent, and stops at the first hop that leaves the AS. Throws with the AS's own error text
 * on anything unexpected.
 */
export async function completeLogin(authorizationUrl: string, opts: CompleteLoginOptions = {}): Promise<LoginOutcome> {
  const start = new URL(authorizationUrl);
  const asOrigin = start.origin;
  const jar = opts.cookies ?? new CookieJar();
  const seen = { login: false, consent: false };
  const pages: AsPage[] = [];
  let step: Step = { method: 'GET', url: start };

  for (let i = 0; i < MAX_STEPS; i += 1) {
    const headers = new Headers();
    const cookie = jar.header(step.url);
    if (cookie) headers.set('cookie', cookie);
    if (step.body) headers.set('content-type', 'application/x-www-form-urlencoded');
    const response = await (opts.fetch ?? fetch)(step.url, {
      method: step.method,
      headers,
      body: step.body?.toString(),
      redirect: 'manual',
    });
    jar.store(response.headers.getSetCookie(), step.url);

    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      await response.body?.cancel();
      if (!location) throw new Error(`dev-as: ${response.status} from ${step.url.pathname} without a Location header`);
      const next = new URL(location, step.url);
      if (next.origin !== asOrigin) return { kind: 'redirect', url: next.href, pages };
      step = { method: 'GET', url: next };
      continue;
    }

    const html = await response.text();
    if (!response.ok) throw new Error(`dev-as: unexpected ${describe(response, step.url, html)}`);
    const forms = parseForms(html);

    const outbound = forms.find((form) => form.action && new URL(form.action, step.url).origin !== asOrigin);
    if (outbound) {
      return { kind: 'form_post', action: new URL(outbound.action, step.url).href, fields: outbound.fields, pages };
    }

    const login = findForm(forms, 'login');
    if (login) {
      if (seen.login) throw new Error(`dev-as: login page shown twice: ${describe(response, step.url, html)}`);
      seen.login = true;
      pages.push('login');
      const body = new URLSearchParams({ login: opts.login ?? 'alice', password: '' });
      step = { method: 'POST', url: new URL(login.action, step.url), body };
      continue;
    }

    const consent = findForm(forms, opts.deny ? 'deny' : 'approve');
    if (consent) {
      if (seen.consent) throw new Error(`dev-as: consent page shown twice: ${describe(response, step.url, html)}`);
      seen.consent = true;
      pages.push('consent');
      step = { method: 'POST', url: new URL(consent.action, step.url), body: new URLSearchParams() };
      continue;
    }

    throw new Error(`dev-as: unexpected page, ${describe(response, step.url, html)}`);
  }
  throw new Error(`dev-as: gave up after ${MAX_STEPS} hops without leaving the AS (redirect loop?)`);
}

/**
 * Drives RP-initiated logout at the dev AS (its `end_session_endpoint` URL, as the client redirected the browser
 * there) with the browser's AS cookies: answers the confirmation page ("Yes, sign me out", or "No" with
 * `confirm: false`) and returns where the AS sends the browser afterwards (the post_logout_redirect_uri, with
 * `state`), or undefined when it shows its own "signed out" page.
 */
export async function completeLogout(
  endSessionUrl: string,
  opts: { cookies: CookieJar; confirm?: boolean; fetch?: typeof fetch },
): Promise<string | undefined> {
  const send = async (url: URL, body?: URLSearchParams) => {
    const headers = new Headers();
    const cookie = opts.cookies.header(url);
    if (cookie) headers.set('cookie', cookie);
    if (body) headers.set('content-type', 'application/x-www-form-urlencoded');
    const response = await (opts.fetch ?? fetch)(url, {
      method: body ? 'POST' : 'GET',
      headers,
      body: body?.toString(),
      redirect: 'manual',
    });
    opts.cookies.store(response.headers.getSetCookie(), url);
    return response;
  };
  const start = new URL(endSessionUrl);
  const page = await send(start);
  const html = await page.text();
  const form = parseForms(html).find((f) => f.id === 'op.logoutForm');
  if (!page.ok || !form) throw new Error(`dev-as: expected the logout page, ${describe(page, start, html)}`);
  const fields = new URLSearchParams(form.fields);
  if (opts.confirm !== false) fields.set('logout', 'yes');
  const action = new URL(form.action, start);
  const done = await send(action, fields);
  if (done.status >= 300 && done.status < 400) {
    await done.body?.cancel();
    const location = new URL(done.headers.get('location')!, action);
    if (location.origin !== start.origin) return location.href;
    const shown = await send(location);
    await shown.body?.cancel();
    return undefined;
  }
  const text = await done.text();
  if (!done.ok) throw new Error(`dev-as: unexpected ${describe(done, action, text)}`);
  return undefined;
}
