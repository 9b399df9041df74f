import { parseCookieHeader, serializeCookie } from './cookie-header.js';
import type { CookieJar, CookieOptions } from './cookie-jar.js';

/**
 * The one cookie jar over raw headers, for every adapter: reads the request's Cookie header, writes through
 * `append` (one Set-Cookie value each, never replacing what the app set). Reads see this request's own writes,
 * so a store that sets and then reads a cookie within one request sees its write.
 */
export class HeaderCookieJar implements CookieJar {
  readonly #values: Map<string, string>;
  readonly #duplicated: string[];

  constructor(
    header: string | string[] | undefined,
    private readonly append: (setCookie: string) => void,
  ) {
    const seen = new Set<string>();
    const duplicated = new Set<string>();
    this.#values = parseCookieHeader(header, (name) => {
      if (seen.has(name)) duplicated.add(name);
      seen.add(name);
    });
    this.#duplicated = [...duplicated];
  }

  get(name: string): string | undefined {
    return this.#values.get(name);
  }

  set(name: string, value: string, options: CookieOptions): void {
    this.append(serializeCookie(name, value, options));
    this.#values.set(name, value);
  }

  clear(name: string, options: CookieOptions): void {
    this.append(serializeCookie(name, '', { ...options, maxAge: 0 }));
    this.#values.delete(name);
  }

  names(): string[] {
    return [...this.#values.keys()];
  }

  /**
   * Names the request carried twice: for a Signet cookie, a sibling subdomain or an http page planted one beside
   * ours (cookie tossing). Which one is ours cannot be told, so the edge refuses such a request.
   */
  duplicated(): readonly string[] {
    return this.#duplicated;
  }
}
