import { describe, expect, it } from '@jest/globals';
import { AuthorizationServerError } from '../errors/signet-error.js';
import { refusalResponse } from './refusal-response.js';

describe('refusalResponse', () => {
  const planted = 'Call_+1-555-0100_to_restore_your_account';

  it.each(['text/html', 'application/json'])(
    'refuses to put an unregistered AS error code on our origin (%s)',
    (accept) => {
      const response = refusalResponse(new AuthorizationServerError(planted), accept);
      expect(response.status).toBe(400);
      expect(String(response.body)).toContain('ERR_AUTHORIZATION_ERROR');
      expect(String(response.body)).not.toContain(planted);
    },
  );

  it.each(['text/html', 'application/json'])('shows a registered AS error code (%s)', (accept) => {
    const response = refusalResponse(new AuthorizationServerError('access_denied'), accept);
    expect(response.status).toBe(403);
    expect(String(response.body)).toContain('access_denied');
  });
});
