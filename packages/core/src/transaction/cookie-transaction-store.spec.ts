import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { MemoryCookieJar } from '../../../../tools/test-kit/cookie-jar.js';
import { SignetError } from '../errors/signet-error.js';
import { httpStatusOf } from '../http/http-status.js';
import {
  CookieTransactionStore,
  MAX_TRANSACTION_COOKIE_SIZE,
  TRANSACTION_COOKIE_PREFIX,
} from './cookie-transaction-store.js';
import type { Transaction } from './transaction.js';

const SECRET = 'a'.repeat(16) + randomBytes(24).toString('base64url');
const OLD_SECRET = 'o'.repeat(16) + randomBytes(24).toString('base64url');

/** A browser's cookie jar for one site (the kit's), with a shortcut to its only cookie. */
class FakeJar extends MemoryCookieJar {
  only(): [string, string] {
    expect(this.values.size).toBe(1);
    return [...this.values][0]!;
  }
}

function transaction(overrides: Partial<Transaction> = {}): Transaction {
  const now = Math.floor(Date.now() / 1000);
  return {
    state: randomBytes(32).toString('base64url'),
    nonce: randomBytes(32).toString('base64url'),
    codeVerifier: randomBytes(32).toString('base64url'),
    responseMode: 'jwt',
    redirectUri: 'https://rp.example.com/callback',
    jti: randomBytes(16).toString('base64url'),
    scope: 'openid profile',
    createdAt: now,
    expiresAt: now + 600,
    appState: { returnTo: '/account' },
    ...overrides,
  };
}

async function refusal(promise: Promise<unknown>): Promise<SignetError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SignetError);
  return err as SignetError;
}

describe('CookieTransactionStore', () => {
  it('round-trips a transaction through one sealed, HttpOnly, Secure, Lax, __Host- cookie', async () => {
    const store = new CookieTransactionStore({ secrets: SECRET });
    const cookies = new FakeJar();
    const tx = transaction();
    await store.save(tx, { cookies });
    const [name, value] = cookies.only();
    expect(name.startsWith(`__Host-${TRANSACTION_COOKIE_PREFIX}`)).toBe(true);
    expect(name).not.toContain(tx.state);
    for (const secret of [tx.state, tx.nonce, tx.codeVerifier, '/account']) expect(value).not.toContain(secret);
    expect(cookies.options.get(name)).toEqual({
      httpOnly: true,
      secure: true,
      sameSite: 'lax',
      path: '/',
      maxAge: expect.any(Number),
    });
    expect(cookies.options.get(name)!.maxAge).toBeLessThanOrEqual(600);
    await expect(store.take(tx.state, { cookies })).resolves.toEqual(tx);
  });

  it('clears the cookie on take, so a second take finds nothing', async () => {
    const store = new CookieTransactionStore({ secrets: SECRET });
    const cookies = new FakeJar();
    const tx = transaction();
    await store.save(tx, { cookies });
    const [name] = cookies.only();
    await store.take(tx.state, { cookies });
    expect(cookies.cleared).toEqual([name]);
    await expect(store.take(tx.state, { cookies })).resolves.toBeUndefined();
  });

  it('answers undefined for a state without a cookie (core then says ERR_STATE_UNKNOWN)', async () => {
    const store = new CookieTransactionStore({ secrets: SECRET });
    await expect(store.take('no-such-state', { cookies: new FakeJar() })).resolves.toBeUndefined();
  });

  it('omits Secure only for a loopback http redirect URI', async () => {
    const store = new CookieTransactionStore({ secrets: SECRET });
    const cookies = new FakeJar();
    const local = transaction({ redirectUri: 'http://127.0.0.1:3000/callback' });
    await store.save(local, { cookies });
    const [name] = cookies.only();
    expect(name.startsWith(TRANSACTION_COOKIE_PREFIX)).toBe(true);
    expect(cookies.options.get(name)!.secure).toBe(false);
    await expect(store.take(local.state, { cookies })).resolves.toEqual(local);
    const forced = new CookieTransactionStore({ secrets: SECRET, secure: true });
    const jar2 = new FakeJar();
    await forced.save(transaction({ redirectUri: 'http://127.0.0.1:3000/callback' }), { cookies: jar2 });
    expect(jar2.options.get(jar2.only()[0])!.secure).toBe(true);
  });

  it('uses SameSite=None for form_post.jwt over https, which is a cross-site POST', async () => {
    const store = new CookieTransactionStore({ secrets: SECRET });
    const cookies = new FakeJar();
    await store.save(transaction({ responseMode: 'form_post.jwt' }), { cookies });
    expect(cookies.options.get(cookies.only()[0])).toMatchObject({ sameSite: 'none', secure: true });
  });

  it('opens cookies sealed under a previous secret during a rotation, and seals new ones under the newest', async () => {
    const before = new CookieTransactionStore({ secrets: OLD_SECRET });
    const during = new CookieTransactionStore({ secrets: `${SECRET}, ${OLD_SECRET}` });
    const after = new CookieTransactionStore({ secrets: [SECRET] });
    const cookies = new FakeJar();
    const old = transaction();
    await before.save(old, { cookies });
    await expect(during.take(old.state, { cookies })).resolves.toEqual(old);

    const fresh = transaction();
    await during.save(fresh, { cookies });
    const copy = new FakeJar();
    copy.values.set(...cookies.only());
    await expect(after.take(fresh.state, { cookies })).resolves.toEqual(fresh);
    expect((await refusal(before.take(fresh.state, { cookies: copy }))).code).toBe('ERR_TRANSACTION_INVALID');
  });

  it('refuses a tampered cookie with ERR_TRANSACTION_INVALID and clears it', async () => {
    const store = new CookieTransactionStore({ secrets: SECRET });
    const cookies = new FakeJar();
    const tx = transaction();
    await store.save(tx, { cookies });
    const [name, value] = cookies.only();
    const parts = value.split('.');
    const ciphertext = parts[3]!;
    parts[3] = (ciphertext[0] === 'A' ? 'B' : 'A') + ciphertext.slice(1);
    cookies.values.set(name, parts.join('.'));
    const err = await refusal(store.take(tx.state, { cookies }));
    expect(err.code).toBe('ERR_TRANSACTION_INVALID');
    expect(httpStatusOf(err)).toBe(400);
    expect(cookies.cleared).toEqual([name]);
  });

  it('refuses a cookie sealed under a secret it does not hold', async () => {
    const cookies = new FakeJar();
    const tx = transaction();
    await new CookieTransactionStore({ secrets: OLD_SECRET }).save(tx, { cookies });
    const err = await refusal(new CookieTransactionStore({ secrets: SECRET }).take(tx.state, { cookies }));
    expect(err.code).toBe('ERR_TRANSACTION_INVALID');
  });

  it('refuses an expired cookie that the browser still sent', async () => {
    const store = new CookieTransactionStore({ secrets: SECRET });
    const cookies = new FakeJar();
    const now = Math.floor(Date.now() / 1000);
    const tx = transaction({ createdAt: now - 700, expiresAt: now - 100 });
    await store.save(tx, { cookies });
    const err = await refusal(store.take(tx.state, { cookies }));
    expect(err.code).toBe('ERR_TRANSACTION_INVALID');
    expect(err.message).toMatch(/expired/);
  });

  it("refuses a cookie copied under another login's name", async () => {
    const store = new CookieTransactionStore({ secrets: SECRET });
    const cookies = new FakeJar();
    const mine = transaction();
    const other = transaction();
    await store.save(mine, { cookies });
    const [, sealedMine] = cookies.only();
    await store.save(other, { cookies });
    const otherName = cookies.names().find((n) => cookies.get(n) !== sealedMine)!;
    cookies.values.set(otherName, sealedMine);
    const err = await refusal(store.take(other.state, { cookies }));
    expect(err.code).toBe('ERR_TRANSACTION_INVALID');
    expect(err.message).toMatch(/another login/);
  });

  it("refuses an https login's cookie that arrives without its __Host- prefix (planted with a Domain)", async () => {
    const store = new CookieTransactionStore({ secrets: SECRET });
    const cookies = new FakeJar();
    const tx = transaction();
    await store.save(tx, { cookies });
    const [name, value] = cookies.only();
    cookies.values.delete(name);
    cookies.values.set(name.slice('__Host-'.length), value);
    expect((await refusal(store.take(tx.state, { cookies }))).code).toBe('ERR_TRANSACTION_INVALID');
    expect(cookies.values.size).toBe(0);
  });

  it('refuses to write a transaction larger than the cookie bound', async () => {
    const store = new CookieTransactionStore({ secrets: SECRET });
    const cookies = new FakeJar();
    const err = await refusal(
      store.save(transaction({ appState: { blob: randomBytes(3000).toString('base64url') } }), { cookies }),
    );
    expect(err.code).toBe('ERR_TRANSACTION_TOO_LARGE');
    expect(err.message).toContain(String(MAX_TRANSACTION_COOKIE_SIZE));
    expect(cookies.values.size).toBe(0);
  });

  it('refuses to read a cookie over 4 KB', async () => {
    const store = new CookieTransactionStore({ secrets: SECRET });
    const cookies = new FakeJar();
    const tx = transaction();
    await store.save(tx, { cookies });
    const [name, value] = cookies.only();
    cookies.values.set(name, value + 'A'.repeat(4096));
    expect((await refusal(store.take(tx.state, { cookies }))).code).toBe('ERR_TRANSACTION_INVALID');
  });

  it('keeps at most maxPending logins per browser, dropping the oldest', async () => {
    const store = new CookieTransactionStore({ secrets: SECRET, maxPending: 2 });
    const cookies = new FakeJar();
    const now = Math.floor(Date.now() / 1000);
    const first = transaction({ createdAt: now - 20 });
    const second = transaction({ createdAt: now - 10 });
    const third = transaction({ createdAt: now });
    for (const tx of [first, second, third]) await store.save(tx, { cookies });
    expect(cookies.values.size).toBe(2);
    await expect(store.take(first.state, { cookies })).resolves.toBeUndefined();
    await expect(store.take(second.state, { cookies })).resolves.toEqual(second);
    await expect(store.take(third.state, { cookies })).resolves.toEqual(third);
  });

  it('says a browser without any transaction cookie cannot hold a pending login (refused before any crypto)', async () => {
    const store = new CookieTransactionStore({ secrets: SECRET });
    const cookies = new FakeJar();
    expect(store.mayHold({ cookies })).toBe(false);
    cookies.values.set('signet.session', 'x');
    expect(store.mayHold({ cookies })).toBe(false);
    await store.save(transaction(), { cookies });
    expect(store.mayHold({ cookies })).toBe(true);
  });

  it('refuses to work without cookie access, as a wiring fault of the adapter (ERR_ADAPTER_INVALID), not bad configuration', async () => {
    const store = new CookieTransactionStore({ secrets: SECRET });
    expect((await refusal(store.save(transaction(), {}))).code).toBe('ERR_ADAPTER_INVALID');
    expect((await refusal(store.take('x'))).code).toBe('ERR_ADAPTER_INVALID');
  });

  it.each([
    ['a missing secret', undefined],
    ['an empty secret', ' , '],
    ['a short secret', 'too-short'],
    ['a short secret among good ones', [SECRET, 'short']],
  ])('refuses %s at construction, naming SIGNET_COOKIE_SECRET', (_label, secrets) => {
    let err: unknown;
    try {
      new CookieTransactionStore({ secrets: secrets as string });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SignetError);
    expect((err as SignetError).code).toBe('ERR_CONFIG_INVALID');
    expect((err as SignetError).message).toContain('SIGNET_COOKIE_SECRET');
  });
});
