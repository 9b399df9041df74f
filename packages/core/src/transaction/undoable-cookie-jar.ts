import type { CookieJar, CookieOptions } from './transaction.js';

/**
 * The adapter's cookie jar, remembering what this exchange cleared. A store fault after the pending login was
 * read (the replay register unreachable, say) is not the login's fault and must not destroy it: `undo()` sets
 * the cleared cookies again (a later Set-Cookie of the same name wins in the browser), so reloading the page
 * retries the same login. Only for faults before the token request: nothing of the login has been used then.
 */
export class UndoableCookieJar implements CookieJar {
  readonly #cleared: Array<{ name: string; value: string; options: CookieOptions }> = [];

  constructor(private readonly inner: CookieJar) {}

  get(name: string): string | undefined {
    return this.inner.get(name);
  }

  set(name: string, value: string, options: CookieOptions): void {
    this.inner.set(name, value, options);
  }

  clear(name: string, options: CookieOptions): void {
    const value = this.inner.get(name);
    if (value !== undefined && value !== '') this.#cleared.push({ name, value, options });
    this.inner.clear(name, options);
  }

  names(): string[] {
    return this.inner.names();
  }

  /** True when something was cleared. */
  get touched(): boolean {
    return this.#cleared.length > 0;
  }

  /** Sets every cleared cookie again with its old value, for `maxAge` seconds. */
  undo(maxAge: number): void {
    for (const { name, value, options } of this.#cleared.splice(0)) {
      this.inner.set(name, value, { ...options, maxAge: Math.max(1, maxAge) });
    }
  }
}
