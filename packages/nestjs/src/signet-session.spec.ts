import { describe, expect, it } from '@jest/globals';
import { SignetError } from '@signet/core';
import type { SignetModuleOptions } from './signet-module-options.interface.js';
import { openSession, pickClaims, resolveSessionSettings, sealSession, type SignetSession } from './signet-session.js';

const SECRET = 'x'.repeat(32);
const base = {
  issuer: 'https://as.example.com',
  clientId: 'c',
  redirectUri: 'https://app.example.com/cb',
  signingKeys: [],
  cookieSecret: SECRET,
} as unknown as SignetModuleOptions;
const settings = resolveSessionSettings(base);
const now = 1_700_000_000;
const session: SignetSession = {
  sub: 'alice',
  iss: 'https://as.example.com',
  scope: 'openid',
  claims: { name: 'Alice' },
  iat: now,
  exp: now + 60,
};

describe('session cookie', () => {
  it('opens what it sealed', () => {
    expect(openSession(sealSession(session, settings), settings, now)).toEqual(session);
  });

  it('refuses a session whose payload was changed', () => {
    const [payload, mac] = sealSession(session, settings).split('.');
    const forged = Buffer.from(JSON.stringify({ ...session, sub: 'mallory' })).toString('base64url');
    expect(payload).not.toBe(forged);
    expect(openSession(`${forged}.${mac}`, settings, now)).toBeUndefined();
  });

  it('refuses a session signed with another secret', () => {
    const other = resolveSessionSettings({ ...base, cookieSecret: 'y'.repeat(32) });
    expect(openSession(sealSession(session, other), settings, now)).toBeUndefined();
  });

  it('refuses an expired session', () => {
    expect(openSession(sealSession(session, settings), settings, now + 61)).toBeUndefined();
  });

  it('accepts a session signed with an older secret still in the rotation list', () => {
    const old = resolveSessionSettings({ ...base, cookieSecret: 'o'.repeat(32) });
    const rotated = resolveSessionSettings({ ...base, cookieSecret: ['n'.repeat(32), 'o'.repeat(32)] });
    expect(openSession(sealSession(session, old), rotated, now)?.sub).toBe('alice');
  });

  it('drops claims rather than exceed the cookie size', () => {
    const big = {
      ...session,
      claims: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`c${i}`, 'v'.repeat(100)])),
    };
    const sealed = sealSession(big, settings);
    expect(sealed.length).toBeLessThan(4000);
    expect(openSession(sealed, settings, now)).toMatchObject({ sub: 'alice', claims: {} });
  });

  it('copies only the configured claims and skips oversized values', () => {
    expect(pickClaims({ name: 'A', email: 'a@x', secret: 's', picture: 'p'.repeat(600) }, ['name', 'picture'])).toEqual(
      { name: 'A' },
    );
  });
});

describe('resolveSessionSettings', () => {
  it('marks the cookie Secure except on a plain-http loopback redirect URI', () => {
    expect(settings.secure).toBe(true);
    expect(resolveSessionSettings({ ...base, redirectUri: 'http://127.0.0.1:3000/callback' }).secure).toBe(false);
  });

  it.each([
    ['a short secret', { cookieSecret: 'short' }, 'cookieSecret'],
    ['an empty secret list', { cookieSecret: [] }, 'cookieSecret'],
    ['a ttl of a month', { session: { ttl: 30 * 86_400 } }, 'session.ttl'],
    ['a cookie name with a space', { session: { cookieName: 'my session' } }, 'session.cookieName'],
  ])('refuses %s, naming the option', (_name, overrides, field) => {
    try {
      resolveSessionSettings({ ...base, ...overrides } as SignetModuleOptions);
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(SignetError);
      expect((err as SignetError).field).toBe(field);
    }
  });
});
