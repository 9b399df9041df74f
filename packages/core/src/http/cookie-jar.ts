/** Cookie access for stores that keep transactions in the browser. Adapters provide it (`HeaderCookieJar`). */
export interface CookieJar {
  get(name: string): string | undefined;
  set(name: string, value: string, options: CookieOptions): void;
  clear(name: string, options: CookieOptions): void;
  /** All cookie names present on the request. */
  names(): string[];
}

export interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'lax' | 'strict' | 'none';
  path: string;
  /** Seconds. */
  maxAge?: number;
}
