import { describe, expect, it } from '@jest/globals';
import type { AuthorizationParameters } from './authorization-parameters.js';
import { validateParameters } from './validate-parameters.js';

const validate = (params: Record<string, unknown>) => () => validateParameters(params as AuthorizationParameters);

describe('validateParameters', () => {
  it('accepts the parameters an application may set', () => {
    expect(
      validate({
        scope: 'openid profile accounts:read',
        authorizationDetails: [{ type: 'payment_initiation', amount: '10.00' }],
        acrValues: 'urn:mace:incommon:iap:silver',
        prompt: 'login',
        loginHint: 'alice@example.com',
        maxAge: 0,
        claims: { id_token: { acr: { essential: true } } },
        resource: ['https://api.example/', 'urn:example:resource'],
        extra: { ui_locales: 'fr' },
      }),
    ).not.toThrow();
  });

  it.each([
    ['scope', { scope: 'openid  profile' }],
    ['scope', { scope: 'openid "profile"' }],
    ['scope', { scope: 'openid\nprofile' }],
    ['scope', { scope: '' }],
    ['authorizationDetails', { authorizationDetails: [] }],
    ['authorizationDetails', { authorizationDetails: {} }],
    ['authorizationDetails[0]', { authorizationDetails: [{ amount: 1 }] }],
    ['authorizationDetails[1]', { authorizationDetails: [{ type: 'a' }, { type: '' }] }],
    ['maxAge', { maxAge: -1 }],
    ['maxAge', { maxAge: 1.5 }],
    ['prompt', { prompt: '' }],
    ['acrValues', { acrValues: 3 }],
    ['loginHint', { loginHint: '' }],
    ['claims', { claims: ['id_token'] }],
    ['claims', { claims: null }],
    ['resource', { resource: 'not a uri' }],
    ['resource', { resource: 'https://api.example/#fragment' }],
    ['parameters', { extra: { big: 'x'.repeat(9000) } }],
  ])('refuses an invalid %s', (field, params) => {
    expect(validate(params)).toThrow(expect.objectContaining({ code: 'ERR_PARAMETER_INVALID', field }));
  });

  it.each([
    'state',
    'nonce',
    'redirect_uri',
    'request_uri',
    'request',
    'code_challenge',
    'code_challenge_method',
    'response_mode',
    'client_id',
    'iss',
    'aud',
    'sub',
    'exp',
    'dpop_jkt',
    'scope',
  ])('refuses an extra parameter that overrides %s', (name) => {
    expect(validate({ extra: { [name]: 'attacker' } })).toThrow(
      expect.objectContaining({ code: 'ERR_PARAMETER_INVALID', field: `extra.${name}` }),
    );
  });
});
