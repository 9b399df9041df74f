import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { defaultFetch, isRuntimeFetch, leanFetch } from './lean-fetch.js';
import { undiciPackage } from './undici-package.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const LARGE = 'x'.repeat(200 * 1024);

/** A real HTTP server on 127.0.0.1 answering by path; it records every request it received. */
function routes(req: IncomingMessage, res: ServerResponse, body: string): void {
  const json = (status: number, value: unknown, extra: Record<string, string | string[]> = {}) => {
    const text = JSON.stringify(value);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...extra });
    res.end(text);
  };
  switch (req.url) {
    case '/echo':
      return json(200, { method: req.method, body, contentType: req.headers['content-type'] ?? null });
    case '/cookies':
      return json(201, { ok: true }, { 'set-cookie': ['a=1; Path=/', 'b=2; Path=/'], 'cache-control': 'no-store' });
    case '/redirect':
      res.writeHead(302, { location: '/echo', 'content-length': '0' });
      return void res.end();
    case '/large':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': LARGE.length });
      return void res.end(LARGE);
    case '/chunked':
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('one,');
      return void setTimeout(() => res.end('two'), 5);
    case '/gzip': {
      const packed = gzipSync('{"compressed":true}');
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': packed.length,
      });
      return void res.end(packed);
    }
    case '/empty':
      res.writeHead(204);
      return void res.end();
    case '/truncated':
      // Declares 100 bytes, sends 7, then the connection is cut.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"a":1,');
      return void setTimeout(() => res.socket?.destroy(), 5);
    case '/stall':
      return; // never answers: the signal has to end it
    case '/stall-body':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
      return void res.write('partial');
    default:
      return json(404, { error: 'not_found' });
  }
}

describe('leanFetch', () => {
  let server: Server;
  let base: string;
  const seen: Seen[] = [];
  const lean = leanFetch(() => Promise.reject(new Error('the fallback was not expected here')));
  const manual = (init: RequestInit = {}): RequestInit => ({ redirect: 'manual', ...init });

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        routes(req, res, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers a Response with the status, headers, body and URL of the answer', async () => {
    const response = await lean(`${base}/cookies`, manual());
    expect(response).toBeInstanceOf(Response);
    expect([response.status, response.ok, response.url]).toEqual([201, true, `${base}/cookies`]);
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(response.headers.get('cache-control')).toBe('no-store');
    await expect(response.json()).resolves.toEqual({ ok: true });
    await expect(response.text()).rejects.toThrow(/unusable/); // the body is used, as fetch's would be
  });

  it('sends a form with the content type fetch gives it, and the Accept and User-Agent fetch sends unless told otherwise', async () => {
    const response = await lean(
      new URL(`${base}/echo`),
      manual({ method: 'post', body: new URLSearchParams({ a: '1 2', b: 'é' }) }),
    );
    await expect(response.json()).resolves.toEqual({
      method: 'POST',
      body: 'a=1+2&b=%C3%A9',
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
    });
    expect([seen.at(-1)!.headers['accept'], seen.at(-1)!.headers['user-agent']]).toEqual(['*/*', 'node']);
    await lean(`${base}/echo`, manual({ method: 'POST', body: 'text', headers: { Accept: 'application/json' } }));
    expect([seen.at(-1)!.headers['accept'], seen.at(-1)!.headers['content-type']]).toEqual([
      'application/json',
      'text/plain;charset=UTF-8',
    ]);
    await lean(
      `${base}/echo`,
      manual({ method: 'POST', body: new TextEncoder().encode('{}'), headers: [['content-type', 'application/json']] }),
    );
    expect([seen.at(-1)!.body, seen.at(-1)!.headers['content-type']]).toEqual(['{}', 'application/json']);
  });

  it('refuses a header value with a line break before anything is sent, as fetch does', async () => {
    const before = seen.length;
    await expect(lean(`${base}/echo`, manual({ headers: { 'x-evil': 'a\r\nset-cookie: b=1' } }))).rejects.toThrow(
      TypeError,
    );
    expect(seen.length).toBe(before);
  });

  it('answers a redirect as it is: never followed', async () => {
    const before = seen.length;
    const response = await lean(`${base}/redirect`, manual());
    expect([response.status, response.headers.get('location')]).toEqual([302, '/echo']);
    expect(seen.slice(before).map((s) => s.url)).toEqual(['/redirect']);
  });

  it.each([
    ['of declared length over 64 KiB', '/large', LARGE],
    ['without a declared length', '/chunked', 'one,two'],
  ])('streams a body %s, whole', async (_, path, expected) => {
    const response = await lean(`${base}${path}`, manual());
    expect(response.body).toBeInstanceOf(ReadableStream);
    await expect(response.text()).resolves.toBe(expected);
  });

  it('decodes a gzip-coded body, as fetch does', async () => {
    const response = await lean(`${base}/gzip`, manual());
    await expect(response.json()).resolves.toEqual({ compressed: true });
  });

  it('answers a 204 and a HEAD without a body', async () => {
    const empty = await lean(`${base}/empty`, manual());
    expect([empty.status, empty.body]).toEqual([204, null]);
    const head = await lean(`${base}/large`, manual({ method: 'HEAD' }));
    expect([head.status, head.body, head.headers.get('content-length')]).toEqual([200, null, String(LARGE.length)]);
  });

  it('rejects with the abort reason when the time-out fires before the answer (a TimeoutError, as fetch)', async () => {
    const err = await lean(`${base}/stall`, manual({ signal: AbortSignal.timeout(50) })).catch((e: unknown) => e);
    expect((err as Error).name).toBe('TimeoutError');
  });

  it('rejects reading a streamed body cut off by the time-out', async () => {
    const response = await lean(`${base}/stall-body`, manual({ signal: AbortSignal.timeout(100) })).catch(
      (e: unknown) => e,
    );
    // Declared small: read whole before answering, so the time-out rejects the call itself.
    expect((response as Error).name).toBe('TimeoutError');
  });

  it('rejects an answer cut off before its declared length with TypeError "fetch failed", as fetch does', async () => {
    const err = (await lean(`${base}/truncated`, manual()).catch((e: unknown) => e)) as TypeError;
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toBe('fetch failed');
    expect(err.cause).toBeDefined();
  });

  it('sends nothing for a signal aborted already', async () => {
    const before = seen.length;
    const controller = new AbortController();
    controller.abort(new Error('gave up'));
    await expect(lean(`${base}/echo`, manual({ signal: controller.signal }))).rejects.toThrow('gave up');
    expect(seen.length).toBe(before);
  });

  it('rejects an unreachable server with TypeError "fetch failed" and the cause, as fetch does', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const err = (await lean(`http://127.0.0.1:${port}/`, manual()).catch((e: unknown) => e)) as TypeError;
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toBe('fetch failed');
    expect((err.cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it.each([
    ['a Request object', () => [new Request('http://fallback.example/'), undefined] as const],
    ['a redirect to follow', () => ['http://fallback.example/', { redirect: 'follow' as const }] as const],
    ['no redirect mode (fetch follows by default)', () => ['http://fallback.example/', {}] as const],
    ['a streamed body', () => ['http://fallback.example/', manual({ method: 'POST', body: new Blob(['x']) })] as const],
  ])('hands %s to the fallback unchanged', async (_, args) => {
    const calls: unknown[][] = [];
    const marker = new Response('fallback');
    const fetchWith = leanFetch((async (...call: unknown[]) => (calls.push(call), marker)) as typeof fetch);
    const [input, init] = args();
    await expect(fetchWith(input, init)).resolves.toBe(marker);
    expect(calls.length).toBe(1);
    expect(calls[0]![0]).toBe(input);
    expect(calls[0]![1]).toBe(init);
  });

  it('goes through the dispatcher the application set for fetch (setGlobalDispatcher: a ProxyAgent, a MockAgent)', async () => {
    const undici = undiciPackage();
    const previous = undici.getGlobalDispatcher();
    const mock = new undici.MockAgent();
    mock.disableNetConnect();
    mock
      .get('https://as.example')
      .intercept({ path: '/token', method: 'POST' })
      .reply(
        200,
        { mocked: true },
        {
          headers: { 'content-type': 'application/json', 'content-length': '15' },
        },
      );
    undici.setGlobalDispatcher(mock);
    try {
      const response = await lean('https://as.example/token', manual({ method: 'POST', body: 'x' }));
      await expect(response.json()).resolves.toEqual({ mocked: true });
    } finally {
      undici.setGlobalDispatcher(previous);
      await mock.close();
    }
  });

  it('goes through the dispatcher a request names (mutual TLS), not the global one', async () => {
    const undici = undiciPackage();
    const mock = new undici.MockAgent();
    mock.disableNetConnect();
    mock.get('https://mtls.example').intercept({ path: '/token', method: 'POST' }).reply(200, 'through the named one');
    try {
      const response = await lean('https://mtls.example/token', {
        ...manual({ method: 'POST' }),
        dispatcher: mock,
      } as RequestInit);
      await expect(response.text()).resolves.toBe('through the named one');
    } finally {
      await mock.close();
    }
  });
});

describe('defaultFetch', () => {
  it("is leanFetch over Node's own fetch", () => {
    expect(isRuntimeFetch(globalThis.fetch)).toBe(true);
    expect(defaultFetch()).not.toBe(globalThis.fetch);
  });

  it("is the fetch installed in place of Node's own (an interceptor, a polyfill), used as it is", () => {
    const real = globalThis.fetch;
    const replaced = ((input: RequestInfo | URL, init?: RequestInit) => real(input, init)) as typeof fetch;
    globalThis.fetch = replaced;
    try {
      expect(isRuntimeFetch(replaced)).toBe(false);
      expect(defaultFetch()).toBe(replaced);
    } finally {
      globalThis.fetch = real;
    }
  });
});
