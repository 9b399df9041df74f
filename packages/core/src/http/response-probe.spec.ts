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

  describe('a success answer of declared length (every PAR and token answer)', () => {
    const json = '{"request_uri":"urn:x","expires_in":60}';

    it('is handed on as it is (url and headers its own) and read once, by whoever reads it first', async () => {
      const inner = answering(json, 201, true);
      let original: Response | undefined;
      const probe = new ResponseProbe(async (input, init) => (original = await inner(input, init)));
      const response = await probe.fetch('https://as.example/par');
      expect(response).toBe(original);
      expect(response.bodyUsed).toBe(false);
      await expect(response.json()).resolves.toEqual({ request_uri: 'urn:x', expires_in: 60 });
      expect(response.bodyUsed).toBe(true);
      await expect(response.text()).rejects.toThrow('Body is unusable');
      await expect(probe.describe('pushed_authorization_request_endpoint')).resolves.toMatchObject({
        status: 201,
        body: 'json',
      });
    });

    it('decodes as the platform does: a UTF-8 BOM dropped, a body that is not JSON refused by json()', async () => {
      const bom = await new ResponseProbe(answering('\uFEFF{"a":1}', 200, true)).fetch('https://as.example/t');
      await expect(bom.json()).resolves.toEqual({ a: 1 });
      const probe = new ResponseProbe(answering('<html>oops</html>', 200, true));
      await expect((await probe.fetch('https://as.example/t')).json()).rejects.toThrow(SyntaxError);
      await expect(probe.describe('token_endpoint')).resolves.toMatchObject({ status: 200, body: 'not-json' });
    });

    it('is described from its own body when the caller never read it', async () => {
      const probe = new ResponseProbe(answering('{"error":"invalid_request"}', 200, true));
      await probe.fetch('https://as.example/t');
      await expect(probe.describe('token_endpoint')).resolves.toMatchObject({
        body: 'oauth-error',
        error: 'invalid_request',
      });
    });

    it('hands arrayBuffer() a copy: what the caller writes into it is not what a diagnosis reads', async () => {
      const probe = new ResponseProbe(answering('{"error":"x"}', 200, true));
      const bytes = new Uint8Array(await (await probe.fetch('https://as.example/t')).arrayBuffer());
      bytes.fill(0x20);
      await expect(probe.describe('token_endpoint')).resolves.toMatchObject({ body: 'oauth-error', error: 'x' });
    });

    it('refuses nothing and throws nothing when the caller read the stream itself (nothing left to describe)', async () => {
      const probe = new ResponseProbe(answering(json, 200, true));
      const response = await probe.fetch('https://as.example/t');
      await new Response(response.body).text();
      await expect(probe.describe('token_endpoint')).resolves.toMatchObject({ status: 200, body: 'empty' });
    });
  });
});
