import { describe, expect, it } from '@jest/globals';
import { compactVerify, exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey } from 'jose';
import { generateKeyPairSync, sign } from 'node:crypto';
import { inProgressWhile } from '../load/operations-in-progress.js';
import { pinnedVerifier } from './pinned-verifier.js';

const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

async function token(alg: string, privateKey: CryptoKey): Promise<{ signingInput: string; signature: Buffer }> {
  const jws = await new SignJWT({ state: 's' }).setProtectedHeader({ alg }).sign(privateKey);
  const dot = jws.lastIndexOf('.');
  return { signingInput: jws.slice(0, dot), signature: Buffer.from(jws.slice(dot + 1), 'base64url') };
}

/** jose's own verdict on the same signing input and signature bytes. */
async function joseAccepts(signingInput: string, signature: Buffer, key: CryptoKey, alg: string): Promise<boolean> {
  return compactVerify(`${signingInput}.${signature.toString('base64url')}`, key, { algorithms: [alg] }).then(
    () => true,
    () => false,
  );
}

describe('pinnedVerifier', () => {
  /** Runs `work` as if `others` other Signet operations were in progress beside the current one. */
  const beside = <T>(others: number, work: () => Promise<T>): Promise<T> =>
    others === 0 ? work() : inProgressWhile(() => beside(others - 1, work));

  it('verifies at once when no other Signet operation is in progress, and on the thread pool beside others', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const { signingInput, signature } = await token('ES256', privateKey);
    const verify = pinnedVerifier('ES256', publicKey)!;
    // Settled within two microtasks: run on this thread. Still pending: handed to the thread pool.
    const settlesAtOnce = async () => {
      let settled = false;
      const verdict = verify(signingInput, signature).then((v) => ((settled = true), v));
      await Promise.resolve();
      await Promise.resolve();
      const atOnce = settled;
      await expect(verdict).resolves.toBe(true);
      return atOnce;
    };
    await expect(settlesAtOnce()).resolves.toBe(true);
    await expect(inProgressWhile(settlesAtOnce)).resolves.toBe(true);
    await expect(beside(2, settlesAtOnce)).resolves.toBe(false);
  });

  it.each([
    ['ES256', 0],
    ['PS256', 0],
    ['EdDSA', 0],
    ['ES256', 2],
    ['PS256', 2],
    ['EdDSA', 2],
  ])('gives jose’s verdict on %s signatures, genuine and altered (%i other operations in progress)', (alg, others) =>
    beside(others, async () => {
      const { privateKey, publicKey } = await generateKeyPair(alg);
      const { signingInput, signature } = await token(alg, privateKey);
      const verify = pinnedVerifier(alg, publicKey)!;
      expect(verify).toBeDefined();
      const flipped = Buffer.from(signature);
      flipped[5]! ^= 1;
      const cases: Array<[string, string, Buffer]> = [
        ['genuine', signingInput, signature],
        ['a flipped signature bit', signingInput, flipped],
        ['another signing input', `${signingInput}x`, signature],
        ['one byte short', signingInput, signature.subarray(1)],
        ['one byte long', signingInput, Buffer.concat([signature, Buffer.from([0])])],
        ['empty', signingInput, Buffer.alloc(0)],
      ];
      const verdicts = await Promise.all(cases.map(([, input, sig]) => verify(input, sig)));
      expect(verdicts).toEqual([true, false, false, false, false, false]);
      for (const [i, [, input, sig]] of cases.entries())
        await expect(joseAccepts(input, sig, publicKey, alg)).resolves.toBe(verdicts[i]);
    }),
  );

  it('accepts the ECDSA twin (r, n − s) exactly as jose does, and refuses a DER or zero signature as jose does', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const { signingInput, signature } = await token('ES256', privateKey);
    const s = BigInt(`0x${signature.subarray(32).toString('hex')}`);
    const twin = Buffer.concat([
      signature.subarray(0, 32),
      Buffer.from((P256_N - s).toString(16).padStart(64, '0'), 'hex'),
    ]);
    const nodeKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const der = sign('sha256', Buffer.from(signingInput), nodeKey.privateKey);
    const verify = pinnedVerifier('ES256', publicKey)!;
    for (const [sig, expected] of [
      [twin, true],
      [der, false],
      [Buffer.alloc(64), false],
      [Buffer.concat([signature.subarray(0, 32), Buffer.alloc(32)]), false],
    ] as const) {
      await expect(verify(signingInput, sig)).resolves.toBe(expected);
      await expect(joseAccepts(signingInput, sig, publicKey, 'ES256')).resolves.toBe(expected);
    }
  });

  it('refuses a PS256 signature with another salt length, as jose does', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicKey = (await importJWK(
      {
        ...(await exportJWK(privateKey)),
        d: undefined,
        p: undefined,
        q: undefined,
        dp: undefined,
        dq: undefined,
        qi: undefined,
      },
      'PS256',
    )) as CryptoKey;
    const signingInput = 'eyJhbGciOiJQUzI1NiJ9.eyJzdGF0ZSI6InMifQ';
    const verify = pinnedVerifier('PS256', publicKey)!;
    for (const [saltLength, expected] of [
      [32, true],
      [0, false],
      [64, false],
    ] as const) {
      const sig = sign('sha256', Buffer.from(signingInput), { key: privateKey, padding: 6, saltLength });
      await expect(verify(signingInput, sig)).resolves.toBe(expected);
      await expect(joseAccepts(signingInput, sig, publicKey, 'PS256')).resolves.toBe(expected);
    }
  });

  it('leaves to jose every key not made for exactly the header alg', async () => {
    const es384 = (await generateKeyPair('ES384')).publicKey;
    const es256 = await generateKeyPair('ES256');
    const rs256 = (await generateKeyPair('RS256')).publicKey;
    const ps384 = (await generateKeyPair('PS384')).publicKey;
    const ps256 = (await generateKeyPair('PS256')).publicKey;
    const ed = (await generateKeyPair('EdDSA')).publicKey;
    const small = (await importJWK(
      { ...(await exportJWK(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey)) },
      'PS256',
    )) as CryptoKey;
    for (const [alg, key] of [
      ['ES256', es384], // another curve
      ['ES256', es256.privateKey], // not a public key
      ['ES256', ed],
      ['PS256', rs256], // RSASSA-PKCS1-v1_5, not PSS
      ['PS256', ps384], // another hash
      ['PS256', small], // under 2048 bits
      ['EdDSA', es256.publicKey],
      ['ES384', es384], // not a pinned alg
      ['ES256', await exportJWK(es256.publicKey)], // a JWK, not a CryptoKey
      ['__proto__', es256.publicKey],
    ] as const)
      expect(pinnedVerifier(alg, key)).toBeUndefined();
    expect(pinnedVerifier('PS256', ps256)).toBeDefined();
  });
});
