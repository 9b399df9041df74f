import { exportSPKI } from 'jose';
import { flipSignatureBit, signJws, swapPayload, unsignedJws } from '../forge/forge.js';
import type { AttackName } from './attack-names.js';
import type { AttackContext, Delivery, JwtDraft, ResponseDraft } from './drafts.js';

/** A named attack: what it does, how Signet refuses it, and how the test AS plays it. */
export interface NamedAttack {
  name: AttackName;
  /** What it does, in a line. */
  description: string;
  /** The Signet error code it is refused with. */
  refusedWith: string;
  /** Token requests made before the refusal: 0 when the response itself is refused. */
  tokenRequests: 0 | 1;
  /** Only meaningful for a client that registered response encryption (and decrypts). */
  requires?: 'response-encryption';
  /** Tampers with the authorization response. */
  response?: (draft: ResponseDraft, context: AttackContext) => void | Promise<void>;
  /** Tampers with the ID token of the token response. */
  idToken?: (draft: JwtDraft, context: AttackContext) => void | Promise<void>;
}

const OTHER_ISSUER = 'https://attacker.example';
const OTHER_CLIENT = 'another-client';

const otherChannel: Record<Delivery, Delivery> = { query: 'fragment', fragment: 'query', form_post: 'query' };

function attack(
  name: AttackName,
  description: string,
  refusedWith: string,
  play: Pick<NamedAttack, 'response' | 'idToken'>,
): NamedAttack {
  return { name, description, refusedWith, tokenRequests: play.idToken ? 1 : 0, ...play };
}

const signedWith =
  (key: Parameters<typeof signJws>[2]) => (header: Record<string, unknown>, claims: Record<string, unknown>) =>
    signJws(header, claims, key);

/** Every named attack, in the order of `ATTACK_NAMES`. */
export const ATTACKS: readonly NamedAttack[] = [
  attack('wrong-issuer', 'the response names another issuer', 'ERR_JARM_ISSUER_INVALID', {
    response: (d) => void (d.claims.iss = OTHER_ISSUER),
  }),
  attack('missing-issuer', 'the response has no iss', 'ERR_JARM_ISSUER_INVALID', {
    response: (d) => void delete d.claims.iss,
  }),
  attack('mix-up', "another AS's response (its issuer, its key) sent to this client", 'ERR_JARM_ISSUER_INVALID', {
    response: async (d, c) => {
      const other = await c.attackerKey();
      d.claims.iss = OTHER_ISSUER;
      d.header = { alg: other.alg, kid: other.kid };
      d.sign = signedWith(other.privateKey);
    },
  }),
  attack('wrong-audience', 'the response is addressed to another client', 'ERR_JARM_AUDIENCE_INVALID', {
    response: (d) => void (d.claims.aud = OTHER_CLIENT),
  }),
  attack('extra-audience', 'the response is addressed to this client and another', 'ERR_JARM_AUDIENCE_INVALID', {
    response: (d, c) => void (d.claims.aud = [c.clientId, OTHER_CLIENT]),
  }),
  attack('expired', 'the response expired a minute ago', 'ERR_JARM_EXPIRED', {
    response: (d, c) => void Object.assign(d.claims, { iat: c.now - 180, exp: c.now - 60 }),
  }),
  attack('not-yet-valid', 'the response is issued ten minutes in the future', 'ERR_JARM_NOT_YET_VALID', {
    response: (d, c) => void Object.assign(d.claims, { iat: c.now + 600, nbf: c.now + 600, exp: c.now + 660 }),
  }),
  attack('long-lived', 'the response lives a whole day', 'ERR_JARM_LIFETIME_TOO_LONG', {
    response: (d, c) => void (d.claims.exp = c.now + 86_400),
  }),
  attack('alg-none', 'the response is an unsigned JWT (alg none)', 'ERR_JARM_ALG_NOT_ALLOWED', {
    response: (d) => {
      d.header = { alg: 'none' };
      d.sign = async (header, claims) => unsignedJws(header, claims);
    },
  }),
  attack(
    'hs256-with-public-key',
    "the response is HMAC-signed with the AS's public key as the secret (algorithm confusion)",
    'ERR_JARM_ALG_NOT_ALLOWED',
    {
      response: async (d, c) => {
        const secret = new TextEncoder().encode(await exportSPKI(c.key.publicKey));
        d.header = { alg: 'HS256', kid: c.key.kid };
        d.sign = signedWith(secret);
      },
    },
  ),
  attack(
    'unknown-kid',
    'the response is signed by a key the AS never published (key substitution)',
    'ERR_JWKS_NO_MATCHING_KEY',
    {
      response: async (d, c) => {
        const attacker = await c.attackerKey();
        d.header = { alg: attacker.alg, kid: attacker.kid };
        d.sign = signedWith(attacker.privateKey);
      },
    },
  ),
  attack(
    'embedded-jwk',
    "the response carries the attacker's key in its header (jwk) and is signed by it",
    'ERR_JARM_HEADER_INVALID',
    {
      response: async (d, c) => {
        const attacker = await c.attackerKey();
        d.header = { alg: attacker.alg, kid: c.key.kid, jwk: attacker.publicJwk };
        d.sign = signedWith(attacker.privateKey);
      },
    },
  ),
  attack('jku-header', "the response's header points at the attacker's JWKS (jku)", 'ERR_JARM_HEADER_INVALID', {
    response: (d) => void (d.header.jku = `${OTHER_ISSUER}/jwks`),
  }),
  attack('crit-header', 'the response declares a crit extension', 'ERR_JARM_CRIT_UNSUPPORTED', {
    response: (d) => void Object.assign(d.header, { crit: ['urn:attacker:ext'], 'urn:attacker:ext': true }),
  }),
  attack('tampered-signature', "one bit of the response's signature flipped", 'ERR_JARM_SIGNATURE_INVALID', {
    response: (d) => void d.tamper.push(flipSignatureBit),
  }),
  attack(
    'tampered-payload',
    "the response's claims rewritten (another code) under the original signature",
    'ERR_JARM_SIGNATURE_INVALID',
    {
      response: (d, c) => {
        const claims = { ...d.claims, code: c.foreignLogin().code };
        d.tamper.push((jwt) => swapPayload(jwt, claims));
      },
    },
  ),
  attack('malformed', 'the response is not a compact JWS', 'ERR_JARM_MALFORMED', {
    response: (d) => void (d.substitute = 'not-a-jwt'),
  }),
  attack('missing-state', 'the response has no state', 'ERR_STATE_MISSING', {
    response: (d) => void delete d.claims.state,
  }),
  attack('wrong-state', "the response's state differs from the login's", 'ERR_STATE_UNKNOWN', {
    response: (d) => void (d.claims.state = `${String(d.claims.state)}x`),
  }),
  attack(
    'response-of-another-login',
    "a valid response of another user's login (its code, its state) delivered to this browser",
    'ERR_STATE_UNKNOWN',
    {
      response: (d, c) => void Object.assign(d.claims, c.foreignLogin()),
    },
  ),
  attack('replayed-response', 'the response of an earlier, completed login sent again', 'ERR_STATE_UNKNOWN', {
    response: (d, c) => {
      const previous = c.previousResponse();
      if (!previous) throw new Error('replayed-response needs an earlier response from this AS: sign in once first');
      d.substitute = previous;
    },
  }),
  attack('unsigned-response', 'plain code and state, no response JWT (a JARM downgrade)', 'ERR_JARM_RESPONSE_MISSING', {
    response: (d) => void (d.replace = { code: String(d.claims.code), state: String(d.claims.state) }),
  }),
  attack('unsigned-parameter', 'an unsigned code beside the signed response', 'ERR_JARM_UNEXPECTED_PARAMETERS', {
    response: (d, c) => void (d.extra.code = c.foreignLogin().code),
  }),
  attack(
    'issuer-conflict',
    'an unsigned iss of another issuer beside the response (RFC 9207 §4)',
    'ERR_JARM_ISSUER_CONFLICT',
    {
      response: (d) => void (d.extra.iss = OTHER_ISSUER),
    },
  ),
  attack(
    'wrong-response-mode',
    'the response arrives by another channel than the requested response mode',
    'ERR_JARM_RESPONSE_MODE_MISMATCH',
    {
      response: (d) => void (d.delivery = otherChannel[d.delivery]),
    },
  ),
  attack('code-and-error', 'the response carries both a code and an error', 'ERR_JARM_CODE_AND_ERROR', {
    response: (d) => void (d.claims.error = 'access_denied'),
  }),
  attack('missing-code', 'the response carries neither code nor error', 'ERR_JARM_CODE_MISSING', {
    response: (d) => void delete d.claims.code,
  }),
  {
    ...attack(
      'unencrypted-response',
      'a plain JWS to a client that registered response encryption (a downgrade)',
      'ERR_JARM_ENCRYPTION_REQUIRED',
      { response: (d) => void (d.encrypt = false) },
    ),
    requires: 'response-encryption',
  },
  {
    name: 'code-of-another-login',
    description: "the response (validly signed) carries another login's code: only the AS's PKCE check can tell",
    refusedWith: 'ERR_TOKEN_REJECTED',
    tokenRequests: 1,
    response: (d, c) => void (d.claims.code = c.foreignLogin().code),
  },
  attack('id-token-wrong-nonce', "the ID token's nonce is another login's", 'ERR_ID_TOKEN_INVALID', {
    idToken: (d) => void (d.claims.nonce = 'nonce-of-another-login'),
  }),
  attack('id-token-wrong-issuer', 'the ID token names another issuer', 'ERR_ID_TOKEN_INVALID', {
    idToken: (d) => void (d.claims.iss = OTHER_ISSUER),
  }),
  attack('id-token-wrong-audience', 'the ID token is addressed to another client', 'ERR_ID_TOKEN_INVALID', {
    idToken: (d) => void (d.claims.aud = OTHER_CLIENT),
  }),
  attack('id-token-expired', 'the ID token expired an hour ago', 'ERR_ID_TOKEN_INVALID', {
    idToken: (d, c) => void Object.assign(d.claims, { iat: c.now - 7200, exp: c.now - 3600 }),
  }),
  attack('id-token-alg-none', 'the ID token is unsigned (alg none)', 'ERR_ID_TOKEN_INVALID', {
    idToken: (d) => {
      d.header = { alg: 'none', typ: 'JWT' };
      d.sign = async (header, claims) => unsignedJws(header, claims);
    },
  }),
  attack('id-token-tampered-signature', "one bit of the ID token's signature flipped", 'ERR_ID_TOKEN_INVALID', {
    idToken: (d) => void d.tamper.push(flipSignatureBit),
  }),
];

/** The definition of a named attack. */
export function attackNamed(name: AttackName): NamedAttack {
  const found = ATTACKS.find((a) => a.name === name);
  if (!found) throw new Error(`unknown attack "${name}"`);
  return found;
}
