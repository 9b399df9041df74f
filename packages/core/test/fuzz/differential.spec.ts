// Differential fuzzing of SignetClient.callback against a strict reference verifier (reference-verifier.ts,
// jose alone). Genuine JARM responses from a test AS are mutated in header, claims, signer, encoding, transport
// and flow (replay with stolen cookies, a second browser, a genuine answer after a mutated one) and delivered to
// Signet and to the reference. The run fails when Signet accepts what the reference refuses, when a token
// request is made for a response the reference refuses, or when a refusal is not a coded, audited SignetError.
//
// `npm test` runs a fixed seed briefly; `npm run fuzz -- --runs 100000` is the long run (FUZZ_RUNS, FUZZ_SEED).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { base64url, decodeJwt, exportJWK, generateKeyPair } from 'jose';
import { SignetClient } from '../../src/client/signet-client.js';
import { SignetError } from '../../src/errors/signet-error.js';
import type { AuditEvent } from '../../src/audit/audit-event.js';
import type { CallbackInput } from '../../src/jarm/callback-input.js';
import { CookieTransactionStore } from '../../src/transaction/cookie-transaction-store.js';
import { MemoryTransactionStore } from '../../src/transaction/memory-transaction-store.js';
import type { TransactionStore } from '../../src/transaction/transaction-store.js';
import type { CookieJar } from '../../src/transaction/transaction.js';
import {
  createTestKey,
  startTestAuthorizationServer,
  type TestAuthorizationServer,
  type TestKey,
  signJws,
  unsignedJws,
} from '../../../testing/src/index.js';
import { mutation, type ClaimValue, type Mutation } from './mutations.js';
import { ReferenceVerifier } from './reference-verifier.js';
import { clientConfig } from '../../src/client/client-config.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 2000);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20_261_201);
const REDIRECT_URI = 'https://rp.example/callback';
const CHANNEL = {
  jwt: 'query',
  'query.jwt': 'query',
  'form_post.jwt': 'form_post',
  'fragment.jwt': 'fragment',
} as const;
/** Refusals that come from the token endpoint itself: a token request was made because JARM passed. */
const TOKEN_ENDPOINT_CODES = new Set(['ERR_TOKEN_REJECTED', 'ERR_TOKEN_REQUEST_FAILED', 'ERR_ID_TOKEN_INVALID']);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

interface Browser extends CookieJar {
  copy(): Browser;
}
function browser(initial: Map<string, string> = new Map()): Browser {
  const jar = new Map(initial);
  return {
    get: (name) => jar.get(name),
    set: (name, value) => void jar.set(name, value),
    clear: (name) => void jar.delete(name),
    names: () => [...jar.keys()],
    copy: () => browser(jar),
  };
}

/** Counts of what the run saw, for SECURITY.md. */
const tally = { runs: 0, deliveries: 0, accepted: 0, tokenRequests: 0, refused: {} as Record<string, number> };

let as: TestAuthorizationServer;
let attacker: TestKey;
let unadvertised: TestKey;

function respell(segment: string): string {
  if (segment === '') return segment;
  const last = segment.length - 1;
  return segment.slice(0, last) + ALPHABET[ALPHABET.indexOf(segment[last]!) ^ 1];
}

function twin(signature: string): string {
  const bytes = Buffer.from(signature, 'base64url');
  if (bytes.length !== 64) return signature;
  const s = BigInt(`0x${bytes.subarray(32).toString('hex')}`);
  const other = Buffer.from((P256_N - s).toString(16).padStart(64, '0'), 'hex');
  return base64url.encode(new Uint8Array([...bytes.subarray(0, 32), ...other]));
}

function encode(jws: string, m: Mutation): string {
  let out = jws;
  for (const e of m.encoding) {
    const [h, p, s] = out.split('.') as [string, string, string | undefined];
    if (s === undefined) continue;
    if (e === 'pad-signature') out = `${h}.${p}.${respell(s)}`;
    else if (e === 'pad-header') out = `${respell(h)}.${p}.${s}`;
    else if (e === 'pad-payload') out = `${h}.${respell(p)}.${s}`;
    else if (e === 'ecdsa-twin') out = `${h}.${p}.${twin(s)}`;
    else if (e === 'standard-alphabet') out = out.replaceAll('-', '+').replaceAll('_', '/');
    else if (e === 'trailing-padding') out = `${out}=`;
    else if (e === 'extra-part') out = `${out}.e30`;
    else if (e === 'truncate-signature') out = out.slice(0, -4);
    else if (e === 'whitespace') out = `${h}. ${p}.${s}`;
    else if (e === 'empty-signature') out = `${h}.${p}.`;
  }
  return out;
}

function resolve(value: ClaimValue, ctx: { now: number; otherState: string }): unknown {
  if (typeof value === 'object' && value !== null && 'at' in value) return ctx.now + (value as { at: number }).at;
  const text = (v: unknown) =>
    typeof v !== 'string'
      ? v
      : v
          .replace('{issuer}', as.issuer)
          .replace('{ISSUER}', as.issuer.toUpperCase())
          .replace('{client}', as.clientId)
          .replace('{CLIENT}', as.clientId.toUpperCase())
          .replace('{other-login}', ctx.otherState);
  return Array.isArray(value) ? value.map(text) : text(value);
}

/** The genuine response for this login, changed as the mutation says. */
async function forge(m: Mutation, code: string, state: string, otherState: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { iss: as.issuer, aud: as.clientId, iat: now, exp: now + 120, code, state };
  for (const [name, value] of Object.entries(m.claims)) {
    if (value === undefined) delete claims[name];
    else claims[name] = resolve(value, { now, otherState });
  }
  const key = { as: as.key, original: as.key, 'attacker-same-kid': attacker, unadvertised, unsigned: as.key }[m.signer];
  const header: Record<string, unknown> = { alg: key.alg, kid: key.kid };
  for (const [name, value] of Object.entries(m.header)) {
    if (value === undefined) delete header[name];
    else header[name] = value;
  }
  if (m.signer === 'unsigned') return unsignedJws({ ...header, alg: m.header.alg ?? 'none' }, claims);
  const withOriginal = async () =>
    `${unsignedJws(header, claims)}${(await as.response({ code, state })).split('.')[2]!}`;
  if (m.signer === 'original') return await withOriginal();
  try {
    return await signJws(header, claims, key.privateKey);
  } catch {
    return await withOriginal(); // jose will not sign this header with this key: keep a signature that does not fit
  }
}

function transport(m: Mutation, response: string): { channel: string; params: Array<[string, unknown]> } {
  let channel: string = CHANNEL[m.mode];
  const params: Array<[string, unknown]> = [['response', response]];
  for (const t of m.transport) {
    if (t === 'duplicate-response') params.push(['response', response]);
    else if (t === 'plain-iss-same') params.push(['iss', as.issuer]);
    else if (t === 'plain-iss-other') params.push(['iss', 'https://attacker.example']);
    else if (t === 'unsigned-code') params.push(['code', 'unsigned-code']);
    else if (t === 'unsigned-state') params.push(['state', 'unsigned-state']);
    else if (t === 'extra-parameter') params.push(['utm_source', 'mail']);
    else if (t === 'non-string-response') params[0] = ['response', { value: response }];
    else channel = t.slice('channel-'.length);
  }
  return { channel, params };
}

/** As an adapter hands parameters to core: URLSearchParams, or a parsed body where a repeated name is an array. */
function asInput(params: Array<[string, unknown]>): URLSearchParams | Record<string, unknown> {
  if (params.every(([, v]) => typeof v === 'string')) return new URLSearchParams(params as Array<[string, string]>);
  const record: Record<string, unknown> = {};
  for (const [name, value] of params) {
    const seen = record[name];
    record[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return record;
}

/** One scenario: the logins it begins, the deliveries its flow makes, each compared with the reference. */
async function scenario(client: SignetClient, events: AuditEvent[], reference: ReferenceVerifier, m: Mutation) {
  tally.runs++;
  // The long run reports as it goes: a run stopped early still says honestly how far it got.
  if (process.env['FUZZ_REPORT'] && tally.runs % 250 === 0) report();
  const a = browser();
  const started = await client.authorize({ responseMode: m.mode }, { cookies: a });
  const code = as.issueCode(decodeJwt(new URL(started.url).searchParams.get('request')!));
  reference.begin(started.state, 'A', m.mode);
  const b = browser();
  const other = await client.authorize({ responseMode: m.mode }, { cookies: b });
  reference.begin(other.state, 'B', m.mode);

  const mutated = transport(m, encode(await forge(m, code, started.state, other.state), m));
  const genuine = {
    channel: CHANNEL[m.mode],
    params: [['response', await as.response({ code, state: started.state })]] as Array<[string, unknown]>,
  };
  const stolen = a.copy();
  const steps: Array<{ jar: CookieJar; id: string; delivery: typeof mutated }> = {
    once: [{ jar: a, id: 'A', delivery: mutated }],
    'second-browser': [{ jar: browser(), id: 'C', delivery: mutated }],
    'second-browser-with-own-login': [{ jar: b, id: 'B', delivery: mutated }],
    'replay-with-stolen-cookies': [
      { jar: a, id: 'A', delivery: genuine },
      { jar: stolen, id: 'A', delivery: mutated },
    ],
    'genuine-after-mutated': [
      { jar: a, id: 'A', delivery: mutated },
      { jar: stolen, id: 'A', delivery: genuine },
    ],
  }[m.flow];

  for (const step of steps) {
    tally.deliveries++;
    const tokensBefore = as.counts.token;
    const eventsBefore = events.length;
    let refusal: unknown;
    const accepted = await client
      .callback(
        { delivery: step.delivery.channel as CallbackInput['delivery'], params: asInput(step.delivery.params) },
        { cookies: step.jar },
      )
      .then(
        () => true,
        (err: unknown) => {
          refusal = err;
          return false;
        },
      );
    const expected = await reference.accepts({ browser: step.id, ...step.delivery });
    const tokens = as.counts.token - tokensBefore;
    tally.tokenRequests += tokens;
    if (accepted) {
      tally.accepted++;
      if (!expected) throw new Error('Signet accepted a response the reference refuses');
      expect(tokens).toBe(1);
    } else {
      if (!(refusal instanceof SignetError)) throw new Error(`a refusal that is not a SignetError: ${String(refusal)}`);
      tally.refused[refusal.code] = (tally.refused[refusal.code] ?? 0) + 1;
      if (tokens > 0 && !(expected && TOKEN_ENDPOINT_CODES.has(refusal.code)))
        throw new Error(`a token request before the refusal ${refusal.code}`);
      const event = events.slice(eventsBefore).find((e) => e.type === 'authorization.response');
      expect(event).toMatchObject({ outcome: 'refused', code: refusal.code });
    }
    if (tokens > 0 && !expected) throw new Error('a token request for a response the reference refuses');
  }
}

async function clientWith(store: TransactionStore, events: AuditEvent[]): Promise<SignetClient> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  // By value, no PAR: the fuzz measures the callback, not the HTTP round trip of every login.
  return SignetClient.create({
    issuer: as.issuer,
    clientId: as.clientId,
    redirectUri: REDIRECT_URI,
    signingKeys: [await exportJWK(privateKey)],
    profile: 'fapi1-advanced',
    usePar: false,
    dpop: true,
    store,
    audit: (event) => void events.push(event),
    // Thousands of provoked refusals: their log lines are asserted in test/interop, not printed here.
    logger: false,
  });
}

beforeAll(async () => {
  as = await startTestAuthorizationServer({ alg: 'ES256' });
  delete as.metadata.require_pushed_authorization_requests;
  attacker = { ...(await createTestKey('ES256')), kid: as.key.kid };
  unadvertised = await createTestKey('EdDSA');
  as.jwks.keys.push(unadvertised.publicJwk);
});
function report(): void {
  writeFileSync(process.env['FUZZ_REPORT']!, JSON.stringify({ seed: SEED, ...tally }, null, 2));
}

afterAll(async () => {
  await as.close();
  if (process.env['FUZZ_REPORT']) report();
});

describe.each([
  ['the cookie store', () => new CookieTransactionStore({ secrets: 'fuzz-'.repeat(8) })],
  ['the memory store', () => new MemoryTransactionStore()],
])('differential fuzz of SignetClient.callback with %s', (_, makeStore) => {
  it(
    'accepts nothing the strict reference refuses and makes no token request before a refusal',
    async () => {
      const events: AuditEvent[] = [];
      const client = await clientWith(makeStore(), events);
      const reference = new ReferenceVerifier({
        issuer: as.issuer,
        clientId: as.clientId,
        jwks: as.jwks,
        advertised: as.metadata.authorization_signing_alg_values_supported as string[],
        allowed: clientConfig(client).responseAlgorithms,
        clockTolerance: clientConfig(client).clockTolerance,
        maxLifetime: clientConfig(client).responseMaxLifetime,
      });
      await fc.assert(
        fc.asyncProperty(mutation, async (m) => {
          events.length = 0;
          await scenario(client, events, reference, m);
        }),
        { seed: SEED, numRuns: Math.max(1, Math.round(RUNS / 2)) },
      );
    },
    Math.max(60_000, RUNS * 200),
  );

  it('accepts the genuine response, unmutated, from the browser that began the login (control)', async () => {
    const events: AuditEvent[] = [];
    const client = await clientWith(makeStore(), events);
    const cookies = browser();
    const started = await client.authorize({}, { cookies });
    const code = as.issueCode(decodeJwt(new URL(started.url).searchParams.get('request')!));
    const response = await as.response({ code, state: started.state });
    await expect(client.callback({ delivery: 'query', params: { response } }, { cookies })).resolves.toMatchObject({
      subject: 'alice',
    });
  });
});
