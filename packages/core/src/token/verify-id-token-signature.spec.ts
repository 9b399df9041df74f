import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CompactSign,
  FlattenedSign,
  compactVerify,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  type CryptoKey,
  type JWK,
} from 'jose';
import { RemoteKeySet } from '../jwks/remote-key-set.js';
import { verifyIdTokenSignature } from './verify-id-token-signature.js';

// RS256: a key pinnedVerifier leaves to jose, verified with the key already selected.
const ALGS = ['ES256', 'PS256', 'EdDSA', 'RS256'] as const;
const encoder = new TextEncoder();
const claims = encoder.encode(JSON.stringify({ iss: 'https://as.example', sub: 'alice', aud: 'client', exp: 2e9 }));

let server: Server;
let jwksUri: string;
const signers: Record<string, { kid: string; privateKey: CryptoKey }> = {};
const impostors: Record<string, CryptoKey> = {};

beforeAll(async () => {
  const keys: JWK[] = [];
  for (const alg of ALGS) {
    const pair = await generateKeyPair(alg, { extractable: true });
    signers[alg] = { kid: `k-${alg}`, privateKey: pair.privateKey };
    keys.push({ ...(await exportJWK(pair.publicKey)), kid: `k-${alg}`, alg, use: 'sig' });
    impostors[alg] = (await generateKeyPair(alg)).privateKey;
  }
  const body = JSON.stringify({ keys });
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const keySet = () => new RemoteKeySet(jwksUri, { fetch, httpTimeout: 2000, jwksCooldown: 30 });

async function sign(header: Record<string, unknown>, key: CryptoKey, payload = claims): Promise<string> {
  // jose signs a critical extension only when told it is understood (`x-ext` here).
  return new CompactSign(payload).setProtectedHeader(header as { alg: string }).sign(key, { crit: { 'x-ext': true } });
}

/** A compact JWS with an unencoded payload (RFC 7797), which jose builds only in the flattened form. */
async function signUnencoded(header: Record<string, unknown>, key: CryptoKey): Promise<string> {
  const jws = await new FlattenedSign(encoder.encode('{"sub":"alice"}'))
    .setProtectedHeader({ ...header, b64: false, crit: ['b64'] } as unknown as { alg: string })
    .sign(key);
  return `${jws.protected}.${jws.payload}.${jws.signature}`;
}

/** jose's own verdict, with the same key set document and allowed algorithms. */
async function joseAccepts(token: string, algorithms: string[]): Promise<boolean> {
  const jwks = createRemoteJWKSet(new URL(jwksUri));
  return compactVerify(token, jwks, { algorithms }).then(
    () => true,
    () => false,
  );
}

async function signetAccepts(token: string, algorithms: string[]): Promise<boolean> {
  return verifyIdTokenSignature(token, keySet(), algorithms, 'refused').then(
    () => true,
    (error: unknown) => {
      expect(error).toMatchObject({ code: 'ERR_ID_TOKEN_INVALID', message: 'refused' });
      return false;
    },
  );
}

function flipSignatureBit(token: string): string {
  const [h, p, s] = token.split('.') as [string, string, string];
  const bytes = Buffer.from(s, 'base64url');
  bytes[3]! ^= 1;
  return `${h}.${p}.${bytes.toString('base64url')}`;
}

describe('verifyIdTokenSignature', () => {
  it.each(ALGS)('gives jose’s verdict on %s ID tokens, genuine and forged', async (alg) => {
    const { kid, privateKey } = signers[alg]!;
    const genuine = await sign({ alg, kid, typ: 'JWT' }, privateKey);
    const cases: Array<[string, string, string[], boolean]> = [
      ['genuine', genuine, [alg], true],
      ['a flipped signature bit', flipSignatureBit(genuine), [alg], false],
      ['signed by another key under the same kid', await sign({ alg, kid }, impostors[alg]!), [alg], false],
      ['an alg that is not allowed', genuine, ALGS.filter((a) => a !== alg), false],
      [
        'a critical extension (left to jose, which refuses it)',
        await sign({ alg, kid, 'x-ext': 1, crit: ['x-ext'] }, privateKey),
        [alg],
        false,
      ],
      ['b64 false (left to jose)', await signUnencoded({ alg, kid }, privateKey), [alg], false],
      [
        'the payload of another token',
        `${genuine.split('.')[0]}.${Buffer.from('{}').toString('base64url')}.${genuine.split('.')[2]}`,
        [alg],
        false,
      ],
      ['no signature', `${genuine.split('.').slice(0, 2).join('.')}.`, [alg], false],
      ['two segments', genuine.split('.').slice(0, 2).join('.'), [alg], false],
    ];
    for (const [name, token, algorithms, expected] of cases) {
      const verdict = { name, signet: await signetAccepts(token, algorithms) };
      expect(verdict).toEqual({ name, signet: expected });
      await expect(joseAccepts(token, algorithms)).resolves.toBe(expected);
    }
  });

  it('refuses alg "none" and a symmetric alg whatever the allowed list says', async () => {
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(claims).toString('base64url')}.`;
    await expect(verifyIdTokenSignature(none, keySet(), ['none'], 'refused')).rejects.toMatchObject({
      code: 'ERR_ID_TOKEN_INVALID',
    });
    const secret = new Uint8Array(32).fill(7);
    const hs = await new CompactSign(claims).setProtectedHeader({ alg: 'HS256' }).sign(secret);
    await expect(verifyIdTokenSignature(hs, keySet(), ['HS256'], 'refused')).rejects.toMatchObject({
      code: 'ERR_ID_TOKEN_INVALID',
    });
  });

  it('refuses a token whose kid names no key of the AS, with the key set’s coded cause', async () => {
    const token = await sign({ alg: 'ES256', kid: 'unknown' }, signers.ES256!.privateKey);
    await expect(verifyIdTokenSignature(token, keySet(), ['ES256'], 'refused')).rejects.toMatchObject({
      code: 'ERR_ID_TOKEN_INVALID',
      cause: { code: 'ERR_JWKS_NO_MATCHING_KEY' },
    });
  });
});
