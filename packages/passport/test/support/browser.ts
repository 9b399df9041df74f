import type { AddressInfo } from 'node:net';
import { createServer, type RequestListener, type Server } from 'node:http';

/**
 * One browser's view of the relying party: a cookie jar for its origin (name → value; Max-Age=0 deletes) and
 * requests that never follow redirects, so each test sees every hop.
 */
export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(readonly origin: string) {}

  async get(path: string): Promise<Response> {
    return this.#send(path, { method: 'GET' });
  }

  /** `crossSite`: a POST from another site's page, which carries no SameSite=Lax cookie. */
  async post(
    path: string,
    form: Record<string, string> | URLSearchParams,
    opts: { crossSite?: boolean } = {},
  ): Promise<Response> {
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': opts.crossSite ? 'cross-site' : 'same-origin',
    };
    return this.#send(path, {
      method: 'POST',
      body: new URLSearchParams(form).toString(),
      headers,
      withholdCookies: opts.crossSite === true,
    });
  }

  /** Starts a login on `path` and answers the authorization server URL it redirects to. */
  async startLogin(path = '/login'): Promise<string> {
    const res = await this.get(path);
    if (res.status !== 303)
      throw new Error(`expected a 303 to the AS from ${path}, got ${res.status}: ${await res.text()}`);
    return res.headers.get('location')!;
  }

  async #send(
    path: string,
    init: { method: string; body?: string; headers?: Record<string, string>; withholdCookies?: boolean },
  ): Promise<Response> {
    const url = new URL(path, this.origin);
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && !init.withholdCookies)
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, {
      method: init.method,
      headers,
      redirect: 'manual',
      ...(init.body ? { body: init.body } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair!.slice(eq + 1).trim());
    }
    return res;
  }
}

/** An HTTP server on 127.0.0.1:0 whose handler is set later (the AS must know the redirect URI first). */
export async function listen(): Promise<{
  server: Server;
  origin: string;
  handle(listener: RequestListener): void;
  close(): Promise<void>;
}> {
  let current: RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = createServer((req, res) => current(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    handle(listener) {
      current = listener;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type LoginOutcome =
  { kind: 'redirect'; url: string } | { kind: 'form_post'; action: string; fields: Record<string, string> };

/** Delivers what the AS sent to the relying party, as the browser would (a GET, or the auto-submitted form). */
export async function deliver(browser: Browser, outcome: LoginOutcome): Promise<Response> {
  if (outcome.kind === 'form_post')
    return browser.post(new URL(outcome.action).pathname, outcome.fields, { crossSite: true });
  const url = new URL(outcome.url);
  return browser.get(url.pathname + url.search);
}

/** The signed `response` of a query-delivered outcome. */
export function responseOf(outcome: LoginOutcome): string {
  if (outcome.kind !== 'redirect') throw new Error('expected a redirect outcome');
  const url = new URL(outcome.url);
  return new URLSearchParams(url.hash.length > 1 ? url.hash.slice(1) : url.search).get('response')!;
}
