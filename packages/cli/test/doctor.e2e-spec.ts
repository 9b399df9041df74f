import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRpKeys, startDevAs, toPublicJwks, type DevAs } from '@signet/dev-as';
import { runCli } from './run-cli.js';

// `signet doctor` as a shell runs it, against oidc-provider on 127.0.0.1 configured like issue 12's partner
// server: it accepts only the URL of the endpoint called as the client assertion audience.
const REDIRECT_URI = 'http://127.0.0.1:1/callback';
let as: DevAs;
let dir: string;
let keyFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-doctor-'));
  const rp = await generateRpKeys();
  keyFile = join(dir, 'rp.json');
  await writeFile(keyFile, JSON.stringify(rp));
  as = await startDevAs({
    clients: [
      {
        client_id: 'doctor-rp',
        redirect_uris: [REDIRECT_URI],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        jwks: toPublicJwks(rp) as never,
        id_token_signed_response_alg: 'ES256',
        authorization_signed_response_alg: 'ES256',
      },
    ],
    quirks: { clientAssertionAudience: 'endpoint' },
  });
});

afterAll(async () => {
  await as?.close();
  await rm(dir, { recursive: true, force: true });
});

const pushArgs = () => ['--push', '--client-id', 'doctor-rp', '--key', keyFile, '--redirect-uri', REDIRECT_URI];

describe('signet doctor (child process)', () => {
  it('grades dev-as as JSON and exits 0 when nothing fails', async () => {
    const run = await runCli(['doctor', '--issuer', as.issuer, '--json']);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { verdict: string; checks: Array<{ id: string; status: string }> };
    expect(report.verdict).toBe('warn'); // http on loopback
    expect(report.checks.find((c) => c.id === 'par.required')).toMatchObject({ status: 'pass' });
    expect(report.checks.find((c) => c.id === 'jarm.modes')).toMatchObject({ status: 'pass' });
  });

  it('prints the table and exits 1 on a failing check (an issuer with a trailing slash)', async () => {
    const run = await runCli(['doctor', '--issuer', `${as.issuer}/`]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^FAIL {2}issuer\.exact +issuer is exactly the configured one: .*trailing slash/m);
    expect(run.stdout).toMatch(/^verdict: fail \(\d+ passed, \d+ warnings, 1 failed\)$/m);
  });

  it('pushes one PAR request and reports exactly what the server answered (exit 1)', async () => {
    const run = await runCli(['doctor', '--issuer', as.issuer, ...pushArgs()]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      'FAIL  push: ERR_PAR_REJECTED: the pushed authorization request endpoint answered HTTP 401',
    );
    expect(run.stdout).toContain(`  endpoint: pushed_authorization_request_endpoint ${as.issuer}/request`);
    expect(run.stdout).toContain('  status:   401');
    expect(run.stdout).toContain('  error:    invalid_client');
  });

  it('pushes with --client-assertion-audience endpoint and exits 0', async () => {
    const run = await runCli([
      'doctor',
      '--issuer',
      as.issuer,
      ...pushArgs(),
      '--client-assertion-audience',
      'endpoint',
    ]);
    expect(run.stdout).toContain('PASS  push: the server accepted the signed request (par)');
    expect(run.status).toBe(0);
  });

  it('exits 4 when no discovery document can be fetched, saying what was answered', async () => {
    const run = await runCli(['doctor', '--issuer', `${as.issuer}/missing`]);
    expect(run.status).toBe(4);
    expect(run.stdout).toContain('discovery failed:');
    expect(run.stdout).toContain('  status:   404');
  });
});
