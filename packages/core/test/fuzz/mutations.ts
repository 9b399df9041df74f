// What the fuzz suite changes in a genuine JARM response, as fast-check arbitraries: header, claims, signer,
// encoding, transport and flow. Times are offsets from the moment the response is signed.
import fc from 'fast-check';

export type Signer = 'as' | 'original' | 'attacker-same-kid' | 'unadvertised' | 'unsigned';
export type Encoding =
  | 'pad-signature'
  | 'pad-header'
  | 'pad-payload'
  | 'ecdsa-twin'
  | 'standard-alphabet'
  | 'trailing-padding'
  | 'extra-part'
  | 'truncate-signature'
  | 'whitespace'
  | 'empty-signature';
export type Transport =
  | 'duplicate-response'
  | 'plain-iss-same'
  | 'plain-iss-other'
  | 'unsigned-code'
  | 'unsigned-state'
  | 'extra-parameter'
  | 'channel-query'
  | 'channel-form_post'
  | 'channel-fragment'
  | 'non-string-response';
export type Flow =
  'once' | 'second-browser' | 'second-browser-with-own-login' | 'replay-with-stolen-cookies' | 'genuine-after-mutated';

/** A claim value, or an offset in seconds from now (`{ at }`), or removal (`undefined`). */
export type ClaimValue = unknown | { at: number };

export interface Mutation {
  mode: 'jwt' | 'query.jwt' | 'form_post.jwt' | 'fragment.jwt';
  header: Record<string, unknown>;
  claims: Record<string, ClaimValue>;
  signer: Signer;
  encoding: Encoding[];
  transport: Transport[];
  flow: Flow;
}

const OTHER = 'https://attacker.example';
const optionalRecord = <T>(entries: Record<string, fc.Arbitrary<T>>) =>
  fc.record(entries, { requiredKeys: [] }) as fc.Arbitrary<Record<string, T>>;

const headerEntries = {
  alg: fc.constantFrom('none', 'None', 'HS256', 'RS256', 'ES384', 'ES256', 'PS256', 'EdDSA', 'es256', ''),
  kid: fc.constantFrom(undefined, 'unknown-kid', '', 7),
  typ: fc.constantFrom('JWT', 'jwt', 'application/jwt', 'at+jwt', 'oauth-authz-req+jwt', 'JWT+x', 5),
  jku: fc.constant(`${OTHER}/jwks`),
  jwk: fc.constant({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }),
  x5u: fc.constant(`${OTHER}/cert.pem`),
  x5c: fc.constant(['MIIB']),
  crit: fc.constantFrom(['exp'], ['urn:x'], []),
  zip: fc.constant('DEF'),
  b64: fc.constant(false),
  cty: fc.constantFrom('JWT', 'text/plain'),
  extra: fc.string({ maxLength: 8 }),
};

const claimEntries = {
  iss: fc.constantFrom(undefined, OTHER, '{issuer}/', '{ISSUER}', ['{issuer}'], 7),
  aud: fc.constantFrom(undefined, 'another-client', ['{client}', 'another-client'], ['{client}'], '{CLIENT}', [], 7),
  exp: fc.constantFrom(undefined, { at: -3600 }, { at: -30 }, { at: 86_400 }, { at: 900 }, { at: 120 }, 'soon', {
    at: 0.5,
  }),
  iat: fc.constantFrom(undefined, { at: 300 }, { at: -30 }, { at: -7200 }, 'now'),
  nbf: fc.constantFrom({ at: 300 }, { at: -10 }, 'x'),
  code: fc.constantFrom(undefined, '', 42, 'another-code', ['c']),
  state: fc.constantFrom(undefined, '{other-login}', 'unknown-state', 7, ''),
  error: fc.constantFrom('access_denied', 'server_error', 3, 'Call +1 555 0100 now'),
  error_description: fc.constantFrom('no', 4),
  extra: fc.string({ maxLength: 8 }),
};

/** Mostly nothing, often one entry alone (each check on its own), sometimes several at once. */
function patch(entries: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const one = fc.oneof(
    ...Object.entries(entries).map(([name, value]) => value.map((v) => ({ [name]: v }) as Record<string, unknown>)),
  );
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant({}) },
    { weight: 2, arbitrary: one },
    { weight: 1, arbitrary: optionalRecord<unknown>(entries) },
  );
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  mode: fc.constantFrom('jwt', 'query.jwt', 'form_post.jwt', 'fragment.jwt'),
  header: patch(headerEntries),
  claims: patch(claimEntries) as fc.Arbitrary<Record<string, ClaimValue>>,
  signer: fc.oneof(
    { weight: 4, arbitrary: fc.constant<Signer>('as') },
    { weight: 1, arbitrary: fc.constantFrom<Signer>('original', 'attacker-same-kid', 'unadvertised', 'unsigned') },
  ),
  encoding: fc.oneof(
    { weight: 4, arbitrary: fc.constant<Encoding[]>([]) },
    {
      weight: 1,
      arbitrary: fc.subarray<Encoding>(
        [
          'pad-signature',
          'pad-header',
          'pad-payload',
          'ecdsa-twin',
          'standard-alphabet',
          'trailing-padding',
          'extra-part',
          'truncate-signature',
          'whitespace',
          'empty-signature',
        ],
        { minLength: 1, maxLength: 2 },
      ),
    },
  ),
  transport: fc.oneof(
    { weight: 4, arbitrary: fc.constant<Transport[]>([]) },
    {
      weight: 1,
      arbitrary: fc.subarray<Transport>(
        [
          'duplicate-response',
          'plain-iss-same',
          'plain-iss-other',
          'unsigned-code',
          'unsigned-state',
          'extra-parameter',
          'channel-query',
          'channel-form_post',
          'channel-fragment',
          'non-string-response',
        ],
        { minLength: 1, maxLength: 2 },
      ),
    },
  ),
  flow: fc.constantFrom<Flow>(
    'once',
    'second-browser',
    'second-browser-with-own-login',
    'replay-with-stolen-cookies',
    'genuine-after-mutated',
  ),
});
