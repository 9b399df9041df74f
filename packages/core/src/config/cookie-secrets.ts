import { SignetError } from '../errors/signet-error.js';

const MIN_SECRET_LENGTH = 32;
const FIX =
  'Fix: set SIGNET_COOKIE_SECRET (cookieSecret) to a random value of at least 32 characters (e.g. `openssl rand -base64 48`), the same on every instance; during a rotation list the new secret first: "new,old"';

/**
 * SIGNET_COOKIE_SECRET parsed once: one secret or a list, newest first. The same value signs the session cookie
 * and seals the transaction cookies, so a secret is validated in one place and every cookie agrees on it.
 * Each must be at least 32 characters: HKDF and HMAC stretch nothing, so the secret itself carries the entropy.
 */
export class CookieSecrets {
  /** Newest first: the first signs and seals, every one verifies and opens. */
  readonly list: readonly string[];

  private constructor(list: string[]) {
    this.list = Object.freeze(list);
    Object.freeze(this);
  }

  /**
   * Parses a secret, a comma-separated string or a list; returns a `CookieSecrets` given one unchanged.
   * `field` names the option or variable in the refusal.
   */
  static from(value: unknown, field = 'cookieSecret'): CookieSecrets {
    if (value instanceof CookieSecrets) return value;
    const list = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
    if (!list) throw invalid(field, `is required. ${FIX}`);
    const trimmed = list.map((s: unknown) => (typeof s === 'string' ? s.trim() : '')).filter((s) => s !== '');
    if (trimmed.length === 0) throw invalid(field, `is empty. ${FIX}`);
    trimmed.forEach((secret, i) => {
      if (secret.length < MIN_SECRET_LENGTH)
        throw invalid(
          field,
          `secret ${i + 1} is ${secret.length} characters; each needs at least ${MIN_SECRET_LENGTH} characters. ${FIX}`,
        );
    });
    return new CookieSecrets(trimmed);
  }
}

function invalid(field: string, problem: string): SignetError {
  return new SignetError('ERR_CONFIG_INVALID', `${field}: ${problem}`, { field });
}
