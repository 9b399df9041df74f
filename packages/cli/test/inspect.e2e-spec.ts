import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { runCli } from './run-cli.js';

jest.setTimeout(60_000);

const ISSUER = 'https://as.example.test';
const CLIENT = 'inspect-client';

describe('signet inspect (child process, offline but for --jwks-uri)', () => {
  let server: Server;
  let jwksUri: string;
  let key: CryptoKey;
  let otherKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    key = pair.privateKey;
    ({ privateKey: otherKey } = await generateKeyPair('ES256'));
    const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'as-1', alg: 'ES256', use: 'sig' }] };
    server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify(jwks)));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  function response(claims: Record<string, unknown>, signWith: CryptoKey = key, ttl = 60): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: ISSUER, aud: CLIENT, code: 'secret-code-value', state: 's', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'as-1' })
      .setIssuedAt(now)
      .setExpirationTime(now + ttl)
      .sign(signWith);
  }

  const expected = ['--issuer', ISSUER, '--client-id', CLIENT];

  it('passes every check of a valid response, verifying the signature from --jwks-uri, and never prints the code', async () => {
    const run = await runCli(['inspect', await response({}), ...expected, '--jwks-uri', jwksUri, '--json']);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { kind: string; checks: Array<{ status: string }> };
    expect(report.kind).toBe('JARM response');
    expect(report.checks.map((check) => check.status)).toEqual(['pass', 'pass']);
    expect(run.stdout).not.toContain('secret-code-value');
  });

  it('reads the response out of a callback URL', async () => {
    const url = `https://app.example.test/callback?response=${await response({})}`;
    const run = await runCli(['inspect', url, ...expected]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/PASS +header and claims/);
    expect(run.stdout).toMatch(/SKIP +signature/);
  });

  it('fails an expired response with ERR_JARM_EXPIRED (exit 1) and looks no key up', async () => {
    const run = await runCli(['inspect', await response({}, key, -120), ...expected, '--jwks-uri', jwksUri, '--json']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { checks: Array<{ status: string; code?: string }> };
    expect(report.checks).toEqual([
      expect.objectContaining({ status: 'fail', code: 'ERR_JARM_EXPIRED' }),
      expect.objectContaining({ status: 'skipped' }),
    ]);
  });

  it('fails a response for another client with ERR_JARM_AUDIENCE_INVALID', async () => {
    const run = await runCli(['inspect', await response({ aud: 'someone-else' }), ...expected]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('ERR_JARM_AUDIENCE_INVALID');
  });

  it('fails a response signed by another key with ERR_JARM_SIGNATURE_INVALID', async () => {
    const run = await runCli(['inspect', await response({}, otherKey), ...expected, '--jwks-uri', jwksUri, '--json']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { checks: Array<{ code?: string }> };
    expect(report.checks[1]).toMatchObject({ code: 'ERR_JARM_SIGNATURE_INVALID' });
  });

  it('says so when the jwks_uri cannot be fetched (ERR_JWKS_FETCH_FAILED, exit 4)', async () => {
    const run = await runCli([
      'inspect',
      await response({}),
      ...expected,
      '--jwks-uri',
      'http://127.0.0.1:9/jwks',
      '--json',
    ]);
    expect(run.status).toBe(4);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'ERR_JWKS_FETCH_FAILED' } });
  });

  it('refuses what is not a compact JWS (ERR_CLI_INPUT_INVALID, exit 3)', async () => {
    const run = await runCli(['inspect', 'not-a-token']);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('ERR_CLI_INPUT_INVALID');
  });
});
