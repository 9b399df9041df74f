import type { CookieJar, CookieOptions } from '@signet/core';

/**
 * One browser's cookies for the RP's site, as core's `CookieJar` (every instance behind a load balancer sees the
 * same jar). Records the attributes each cookie was set with and every name cleared.
 */
export class MemoryCookieJar implements CookieJar {
  readonly values = new Map<string, string>();
  readonly options = new Map<string, CookieOptions>();
  readonly cleared: string[] = [];

  get(name: string): string | undefined {
    return this.values.get(name);
  }
  set(name: string, value: string, options: CookieOptions): void {
    this.values.set(name, value);
    this.options.set(name, options);
  }
  clear(name: string): void {
    this.values.delete(name);
    this.cleared.push(name);
  }
  names(): string[] {
    return [...this.values.keys()];
  }
  /** What an attacker who copied this browser's cookies would hold. */
  copy(): MemoryCookieJar {
    const other = new MemoryCookieJar();
    for (const [name, value] of this.values) other.values.set(name, value);
    return other;
  }
}
