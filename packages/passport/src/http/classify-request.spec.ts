import { describe, expect, it } from '@jest/globals';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { classifyRequest, type StrategyRequest } from './classify-request.js';
import { MAX_FORM_BODY } from './read-form-body.js';

const REDIRECT = 'https://rp.example.com/auth/callback';

function request(
  method: string,
  url: string,
  extra: { body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): StrategyRequest {
  const req = new IncomingMessage(new Socket()) as StrategyRequest;
  req.method = method;
  req.url = url;
  // What a body parser leaves: a parsed form came with its form content type.
  if (extra.body !== undefined) {
    req.headers['content-type'] = 'application/x-www-form-urlencoded';
    req.body = extra.body;
  }
  Object.assign(req.headers, extra.headers);
  if (extra.raw !== undefined) {
    req.headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
    req.push(Buffer.from(extra.raw));
    req.push(null);
  }
  return req;
}

describe('classifyRequest', () => {
  it('starts a login on a GET elsewhere than the callback', async () => {
    expect(await classifyRequest(request('GET', '/login?returnTo=/x'), REDIRECT)).toEqual({ kind: 'start' });
  });

  it('takes a GET with a response parameter as a query delivery, wherever it is mounted', async () => {
    const got = await classifyRequest(request('GET', '/elsewhere?response=a.b.c'), REDIRECT);
    expect(got).toMatchObject({ kind: 'callback', input: { delivery: 'query' } });
  });

  it('takes unsigned code and state as a callback (for core to refuse), never as a new login', async () => {
    expect(await classifyRequest(request('GET', '/login?code=x&state=y'), REDIRECT)).toMatchObject({
      kind: 'callback',
    });
  });

  it('answers a bare GET of the callback with the fragment relay page', async () => {
    expect(await classifyRequest(request('GET', '/auth/callback'), REDIRECT)).toEqual({ kind: 'fragment-relay' });
  });

  it('takes a same-site POST to the callback as a form_post delivery, with the parsed body', async () => {
    const got = await classifyRequest(
      request('POST', '/auth/callback', { body: { response: 'a.b.c' }, headers: { cookie: 'signet.b.abc=v' } }),
      REDIRECT,
    );
    expect(got).toEqual({ kind: 'callback', input: { delivery: 'form_post', params: { response: 'a.b.c' } } });
  });

  it('bounces a cross-site form_post (no Lax cookie came along) through the same-origin relay page', async () => {
    const got = await classifyRequest(
      request('POST', '/auth/callback?x=1', {
        body: { response: 'a.b.c', iss: 'https://as' },
        headers: { 'sec-fetch-site': 'cross-site' },
      }),
      REDIRECT,
    );
    expect(got).toEqual({
      kind: 'form-post-relay',
      action: '/auth/callback?x=1',
      fields: [
        ['response', 'a.b.c'],
        ['iss', 'https://as'],
      ],
    });
  });

  it('takes a POST with the relay marker as that delivery and removes the marker', async () => {
    const fragment = await classifyRequest(
      request('POST', '/auth/callback', { body: { response: 'a.b.c', signet_relay: 'fragment' } }),
      REDIRECT,
    );
    expect(fragment).toMatchObject({ kind: 'callback', input: { delivery: 'fragment' } });
    expect([...(fragment as { input: { params: URLSearchParams } }).input.params]).toEqual([['response', 'a.b.c']]);
    const formPost = await classifyRequest(
      request('POST', '/auth/callback', { body: { response: 'a.b.c', signet_relay: 'form_post' } }),
      REDIRECT,
    );
    expect(formPost).toMatchObject({ kind: 'callback', input: { delivery: 'form_post' } });
  });

  it('rejects a relay marker that appears twice or names no channel', async () => {
    for (const marker of [['fragment', 'form_post'], 'query']) {
      const err = await classifyRequest(
        request('POST', '/auth/callback', { body: { response: 'a.b.c', signet_relay: marker } }),
        REDIRECT,
      ).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'ERR_JARM_UNEXPECTED_PARAMETERS' });
    }
  });

  it('starts a login on a POST elsewhere that carries no response', async () => {
    expect(await classifyRequest(request('POST', '/login', { body: { returnTo: '/x' } }), REDIRECT)).toEqual({
      kind: 'start',
    });
  });

  it('reads an unparsed form body itself', async () => {
    const got = await classifyRequest(
      request('POST', '/auth/callback', { raw: 'response=a.b.c&signet_relay=fragment' }),
      REDIRECT,
    );
    expect(got.kind).toBe('callback');
    const input = (got as { input: { delivery: string; params: URLSearchParams } }).input;
    expect(input.delivery).toBe('fragment');
    expect([...input.params]).toEqual([['response', 'a.b.c']]);
  });

  it(`rejects an unparsed body over ${MAX_FORM_BODY} bytes unread`, async () => {
    const err = await classifyRequest(
      request('POST', '/auth/callback', { raw: 'response=' + 'a'.repeat(MAX_FORM_BODY) }),
      REDIRECT,
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_JARM_RESPONSE_TOO_LARGE' });
  });
});
