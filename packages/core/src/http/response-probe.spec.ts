import { describe, expect, it } from '@jest/globals';
import { ResponseProbe } from './response-probe.js';

/** A fetch answering `body` with its content-length declared (as a server over HTTP/1.1 does), or chunked. */
function answering(body: string, status: number, declared: boolean): typeof fetch {
  return async () => {
    const response = new Response(body, {
      status,
      headers: {
        'content-type': 'text/html',
        ...(declared ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
      },
    });
    Object.defineProperty(response, 'url', { value: 'https://as.example/token?x=1' });
    return response;
  };
}

describe('ResponseProbe', () => {
  it.each([
    ['declared', true],
    ['chunked', false],
  ])('hands the whole body to the caller and keeps it for a diagnosis (%s length)', async (_, declared) => {
    const probe = new ResponseProbe(answering('<html>oops</html>', 200, declared));
    const response = await probe.fetch('https://as.example/token?x=1');
    expect(response.status).toBe(200);
    expect(response.url).toBe('https://as.example/token?x=1');
    expect(response.headers.get('content-type')).toBe('text/html');
    await expect(response.text()).resolves.toBe('<html>oops</html>');
    await expect(probe.describe('token_endpoint')).resolves.toEqual({
      endpoint: 'token_endpoint',
      url: 'https://as.example/token',
      status: 200,
      body: 'not-json',
      contentType: 'text/html',
    });
  });

  it('diagnoses an OAuth error body read once, and can describe it twice', async () => {
    const probe = new ResponseProbe(answering('{"error":"invalid_grant","error_description":"used"}', 400, true));
    await (await probe.fetch('https://as.example/token')).json();
    const first = await probe.describe('token_endpoint');
    expect(first).toMatchObject({ status: 400, body: 'oauth-error', error: 'invalid_grant', errorDescription: 'used' });
    await expect(probe.describe('token_endpoint')).resolves.toEqual(first);
  });
});
