/** How a request reaches the app: from its own pages, or from another site (the AS) by a link or a form. */
export type RequestSite = 'same-origin' | 'cross-site-navigation' | 'cross-site-post';

type SameSite = 'strict' | 'lax' | 'none';

/**
 * The cookies one browser holds for the app under test (one origin): set by `Set-Cookie`, cleared by an expiry
 * in the past or `Max-Age=0`, sent back as one `Cookie` header. `SameSite` is honoured as browsers do (absent
 * means `Lax`): a navigation from another site carries `Lax` and `None` cookies, a form posted from another site
 * only `None` ones. Paths are not modelled: every cookie goes with every request to the app.
 */
export class BrowserCookies {
  readonly #values = new Map<string, { value: string; sameSite: SameSite }>();

  /** Takes the `Set-Cookie` headers of one response. */
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      if (at <= 0) continue;
      const name = pair.slice(0, at).trim();
      let expired = false;
      let sameSite: SameSite = 'lax';
      for (const attribute of attributes) {
        const [key = '', value = ''] = attribute.split('=').map((part) => part.trim());
        const lower = key.toLowerCase();
        if (lower === 'max-age') expired = Number(value) <= 0;
        if (lower === 'expires' && Date.parse(value) <= Date.now()) expired = true;
        if (lower === 'samesite' && ['strict', 'lax', 'none'].includes(value.toLowerCase()))
          sameSite = value.toLowerCase() as SameSite;
      }
      if (expired) this.#values.delete(name);
      else this.#values.set(name, { value: pair.slice(at + 1).trim(), sameSite });
    }
  }

  /** The value of one cookie. */
  get(name: string): string | undefined {
    return this.#values.get(name)?.value;
  }

  /** The names of every cookie held. */
  names(): string[] {
    return [...this.#values.keys()];
  }

  /** The `Cookie` request header for a request from `site` (empty when no cookie goes). */
  header(site: RequestSite = 'same-origin'): string {
    const sent = [...this.#values].filter(([, { sameSite }]) =>
      site === 'same-origin' ? true : site === 'cross-site-navigation' ? sameSite !== 'strict' : sameSite === 'none',
    );
    return sent.map(([name, { value }]) => `${name}=${value}`).join('; ');
  }
}
