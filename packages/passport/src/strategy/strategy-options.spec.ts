import { describe, expect, it } from '@jest/globals';
import { SignetStrategy } from './signet-strategy.js';
import { pickAuthorizationParameters } from './strategy-options.js';

const verify = () => undefined;
const client = { authorize: async () => ({}), callback: async () => ({}) } as never;

function refusal(build: () => unknown): { code: string; message: string } {
  try {
    build();
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected the constructor to throw');
}

describe('new SignetStrategy', () => {
  it('is named signet unless told otherwise', () => {
    expect(new SignetStrategy({ client }, verify).name).toBe('signet');
    expect(new SignetStrategy({ client, name: 'bank' }, verify).name).toBe('bank');
  });

  it('refuses to start without a verify function', () => {
    expect(refusal(() => new SignetStrategy({ client }, undefined as never))).toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      message: expect.stringContaining('verify'),
    });
  });

  it('refuses a verify function in place of the options (a Nest strategy calling super() bare)', () => {
    expect(refusal(() => new (SignetStrategy as unknown as new (v: unknown) => unknown)(verify))).toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      message: expect.stringContaining('options'),
    });
  });

  it('refuses a client together with client options', () => {
    const err = refusal(() => new SignetStrategy({ client, issuer: 'https://as.example.com' } as never, verify));
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID', message: expect.stringContaining('issuer') });
  });

  it('refuses something that is not a SignetClient as client', () => {
    expect(refusal(() => new SignetStrategy({ client: {} as never }, verify))).toMatchObject({
      code: 'ERR_CONFIG_INVALID',
    });
  });
});

describe('pickAuthorizationParameters', () => {
  it('takes the authorization parameters and leaves passport options behind', () => {
    const picked = pickAuthorizationParameters({
      scope: ['openid', 'accounts'],
      loginHint: 'alice',
      prompt: 'login',
      authorizationDetails: [{ type: 'account_information' }],
      successRedirect: '/',
      session: false,
      failWithError: true,
    });
    expect(picked).toEqual({
      scope: 'openid accounts',
      loginHint: 'alice',
      prompt: 'login',
      authorizationDetails: [{ type: 'account_information' }],
    });
  });
});
