/**
 * The cookies one browser holds for the app under test (one origin): set by `Set-Cookie`, cleared by an expiry
 * in the past or `Max-Age=0`, sent back as one `Cookie` header. Paths and `SameSite` are not modelled: every
 * cookie goes with every request to the app.
 */
export class BrowserCookies {
  readonly #values = new Map<string, string>();

  /** Takes the `Set-Cookie` headers of one response. */
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      if (at <= 0) continue;
      const name = pair.slice(0, at).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', value = ''] = attribute.split('=').map((part) => part.trim());
        if (key.toLowerCase() === 'max-age') return Number(value) <= 0;
        if (key.toLowerCase() === 'expires') return Date.parse(value) <= Date.now();
        return false;
      });
      if (expired) this.#values.delete(name);
      else this.#values.set(name, pair.slice(at + 1).trim());
    }
  }

  /** The value of one cookie. */
  get(name: string): string | undefined {
    return this.#values.get(name);
  }

  /** The names of every cookie held. */
  names(): string[] {
    return [...this.#values.keys()];
  }

  /** The `Cookie` request header (empty when there is no cookie). */
  header(): string {
    return [...this.#values].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}
