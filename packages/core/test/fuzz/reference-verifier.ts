// A strict reference for the differential fuzz suite, written with jose alone and sharing no code with Signet:
// what a JARM response must be (JARM §2.4, RFC 8725, RFC 9207) and what a pending login allows (single use, one
// browser, one channel). Any response Signet accepts that this refuses is a bug in one of the two.
import { createLocalJWKSet, errors, jwtVerify, type JWK, type JWTPayload } from 'jose';

const CHANNEL: Record<string, string> = {
  jwt: 'query',
  'query.jwt': 'query',
  'form_post.jwt': 'form_post',
  'fragment.jwt': 'fragment',
};
const KEY_REFERENCES = ['jku', 'jwk', 'x5u', 'x5c', 'crit', 'zip', 'b64'];

export interface ReferenceOptions {
  issuer: string;
  clientId: string;
  /** The AS's published keys. */
  jwks: { keys: JWK[] };
  /** What the AS advertises for responses (authorization_signing_alg_values_supported). */
  advertised: string[];
  /** The client's allow-list. */
  allowed: string[];
  clockTolerance: number;
  maxLifetime: number;
}

/** One pending login as the reference models it. */
interface Login {
  browser: string;
  mode: string;
  used: boolean;
}

export interface Delivery {
  /** Which browser (by identity; a stolen copy of a jar is the same browser). */
  browser: string;
  channel: string;
  params: Array<[string, unknown]>;
}

function canonicalSegment(segment: string, allowEmpty: boolean): boolean {
  if (segment === '') return allowEmpty;
  if (!/^[A-Za-z0-9_-]+$/.test(segment) || segment.length % 4 === 1) return false;
  return Buffer.from(segment, 'base64url').toString('base64url') === segment;
}

function jsonObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(segment, 'base64url')),
    );
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export class ReferenceVerifier {
  readonly #logins = new Map<string, Login>();
  readonly #keys: ReturnType<typeof createLocalJWKSet>;
  readonly #algorithms: string[];

  constructor(readonly options: ReferenceOptions) {
    this.#algorithms = options.allowed.filter((a) => options.advertised.includes(a));
    this.#keys = createLocalJWKSet({ keys: options.jwks.keys.filter((k) => this.#algorithms.includes(k.alg ?? '')) });
  }

  /** A login was begun in `browser` for response mode `mode`. */
  begin(state: string, browser: string, mode: string): void {
    this.#logins.set(state, { browser, mode, used: false });
  }

  /** The single `response` parameter, or undefined when the transport is not exactly what JARM sends. */
  #transport(delivery: Delivery): string | undefined {
    const responses = delivery.params.filter(([n]) => n === 'response');
    const others = delivery.params.filter(([n]) => n !== 'response');
    if (responses.length !== 1 || typeof responses[0]![1] !== 'string') return undefined;
    for (const [name, value] of others) if (name !== 'iss' || value !== this.options.issuer) return undefined;
    return responses[0]![1] as string;
  }

  /** Header and payload of a compact JWS in its one canonical spelling; undefined otherwise. */
  #decode(jws: string): { header: Record<string, unknown>; payload: Record<string, unknown> } | undefined {
    const parts = jws.split('.');
    if (parts.length !== 3) return undefined;
    if (
      !canonicalSegment(parts[0]!, false) ||
      !canonicalSegment(parts[1]!, false) ||
      !canonicalSegment(parts[2]!, true)
    )
      return undefined;
    const header = jsonObject(parts[0]!);
    const payload = jsonObject(parts[1]!);
    return header && payload ? { header, payload } : undefined;
  }

  /** JARM §2.4 with jose, plus the strict extras (aud alone, lifetime, typ, no key references). */
  async #verify(jws: string, header: Record<string, unknown>): Promise<JWTPayload | undefined> {
    if (typeof header.alg !== 'string' || !this.#algorithms.includes(header.alg)) return undefined;
    if (KEY_REFERENCES.some((name) => name in header)) return undefined;
    if (
      header.typ !== undefined &&
      !(typeof header.typ === 'string' && ['jwt', 'application/jwt'].includes(header.typ.toLowerCase()))
    )
      return undefined;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(jws, this.#keys, {
        issuer: this.options.issuer,
        audience: this.options.clientId,
        algorithms: this.#algorithms,
        clockTolerance: this.options.clockTolerance,
        requiredClaims: ['exp'],
      }));
    } catch (err) {
      if (err instanceof errors.JOSEError || err instanceof TypeError) return undefined;
      throw err;
    }
    const now = Math.floor(Date.now() / 1000);
    const aud = payload.aud;
    if (!(
      aud === this.options.clientId ||
      (Array.isArray(aud) && aud.length === 1 && aud[0] === this.options.clientId)
    ))
      return undefined;
    if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) return undefined;
    for (const name of ['iat', 'nbf'] as const) {
      const value = payload[name];
      if (
        value !== undefined &&
        (typeof value !== 'number' || !Number.isFinite(value) || value > now + this.options.clockTolerance)
      )
        return undefined;
    }
    const issuedAt = typeof payload.iat === 'number' ? payload.iat : now;
    if (payload.exp - issuedAt > this.options.maxLifetime + this.options.clockTolerance) return undefined;
    for (const name of ['code', 'state', 'error', 'error_description'])
      if (payload[name] !== undefined && typeof payload[name] !== 'string') return undefined;
    return payload;
  }

  /**
   * Would a strict RP accept this delivery (a code it may redeem)? The bound browser's delivery of a response
   * that names its login consumes the login whatever follows; another browser's consumes nothing.
   */
  async accepts(delivery: Delivery): Promise<boolean> {
    const jws = this.#transport(delivery);
    if (jws === undefined || jws.length > 16_384) return false;
    const decoded = this.#decode(jws);
    if (!decoded) return false;
    const state = decoded.payload.state;
    const login = typeof state === 'string' ? this.#logins.get(state) : undefined;
    if (!login || login.browser !== delivery.browser) return false;
    const fresh = !login.used;
    login.used = true;
    const claims = await this.#verify(jws, decoded.header);
    if (!claims || !fresh) return false;
    if (CHANNEL[login.mode] !== delivery.channel) return false;
    if (claims.error !== undefined) return false;
    return typeof claims.code === 'string' && claims.code !== '';
  }
}
