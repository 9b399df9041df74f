import { parseCookieHeader, serializeCookie, type CookieJar, type CookieOptions } from '@signet/core';

/**
 * Core's cookie access over one exchange. Writes are visible to later reads of the same exchange, so a
 * store that sets and then reads a cookie within one request sees its own write.
 */
export class ExchangeCookieJar implements CookieJar {
  readonly #values: Map<string, string>;

  constructor(
    header: string | string[] | undefined,
    private readonly append: (serialized: string) => void,
  ) {
    this.#values = parseCookieHeader(header);
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
}
