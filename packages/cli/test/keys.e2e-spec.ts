import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, CompactSign, createLocalJWKSet, importJWK, type JWK } from 'jose';
import { runCli } from './run-cli.js';

// Each test starts the CLI as a child process (some twice): on a loaded machine that takes more than 5 s.
jest.setTimeout(60_000);

describe('signet keys generate and signet jwks (child process)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists every verb in --help and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('jwks');
    expect(run.stdout).toContain('keys');
    const keys = await runCli(['keys', 'generate', '--help']);
    expect(keys.stdout).toContain('--alg <alg>');
  });

  it.each(['ES256', 'PS256', 'EdDSA'])(
    'generates a %s signing key whose public JWKS verifies its signatures',
    async (alg) => {
      const generated = await runCli(['keys', 'generate', '--alg', alg, '--kid', `k-${alg}`]);
      expect(generated.status).toBe(0);
      const privateJwk = JSON.parse(generated.stdout) as JWK;
      expect(privateJwk).toMatchObject({ kid: `k-${alg}`, alg, use: 'sig' });
      expect(privateJwk.d).toEqual(expect.any(String));
      const file = join(dir, `${alg}.json`);
      await writeFile(file, generated.stdout);

      const listed = await runCli(['jwks', file]);
      expect(listed.status).toBe(0);
      const set = JSON.parse(listed.stdout) as { keys: JWK[] };
      expect(set.keys).toHaveLength(1);
      expect(set.keys[0]).toMatchObject({ kid: `k-${alg}`, alg, use: 'sig' });
      expect(set.keys[0]).not.toHaveProperty('d');

      const jws = await new CompactSign(new TextEncoder().encode('hello'))
        .setProtectedHeader({ alg, kid: `k-${alg}` })
        .sign(await importJWK(privateJwk, alg));
      await expect(compactVerify(jws, createLocalJWKSet(set))).resolves.toBeDefined();
    },
  );

  it.each([
    ['ES256', 'ECDH-ES', 'P-256'],
    ['PS256', 'RSA-OAEP-256', undefined],
    ['EdDSA', 'ECDH-ES', 'X25519'],
  ])('generates a %s-family encryption key (alg %s)', async (family, alg, crv) => {
    const run = await runCli(['keys', 'generate', '--alg', family, '--use', 'enc', '--json']);
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout) as { kid: string; key: JWK; publicJwk: JWK };
    expect(output.key).toMatchObject({ alg, use: 'enc', kid: output.kid, ...(crv ? { crv } : {}) });
    expect(output.publicJwk).toMatchObject({ alg, use: 'enc', kid: output.kid });
    expect(output.publicJwk).not.toHaveProperty('d');
  });

  it('writes a PEM to a new 0600 file, and jwks derives the same thumbprint kid from it', async () => {
    const file = join(dir, 'signing.pem');
    const run = await runCli(['keys', 'generate', '--alg', 'ES256', '--format', 'pem', '--out', file, '--json']);
    expect(run.status).toBe(0);
    const { kid } = JSON.parse(run.stdout) as { kid: string };
    expect(await readFile(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const listed = await runCli(['jwks', file, '--alg', 'ES256']);
    expect(JSON.parse(listed.stdout)).toEqual({ keys: [expect.objectContaining({ kid, alg: 'ES256' })] });
  });

  it('refuses to overwrite an existing key file (ERR_CLI_FILE_EXISTS, exit 3)', async () => {
    const file = join(dir, 'taken.json');
    await writeFile(file, 'keep me');
    const run = await runCli(['keys', 'generate', '--alg', 'ES256', '--out', file, '--json']);
    expect(run.status).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'ERR_CLI_FILE_EXISTS', exitCode: 3 } });
    expect(await readFile(file, 'utf8')).toBe('keep me');
  });

  it('refuses an unknown algorithm as a usage error (exit 2)', async () => {
    const run = await runCli(['keys', 'generate', '--alg', 'RS256']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('RS256');
  });

  it('refuses an unknown command as a usage error with a JSON error under --json (exit 2)', async () => {
    const run = await runCli(['frobnicate', '--json']);
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toMatchObject({ error: { code: 'ERR_CLI_USAGE' } });
  });

  it('refuses a missing file (ERR_CLI_FILE_UNREADABLE, exit 3)', async () => {
    const run = await runCli(['jwks', join(dir, 'nope.json')]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('ERR_CLI_FILE_UNREADABLE');
  });

  it('refuses a public key, naming the file (ERR_CONFIG_INVALID, exit 3)', async () => {
    const generated = await runCli(['keys', 'generate', '--alg', 'ES256', '--json']);
    const { publicJwk } = JSON.parse(generated.stdout) as { publicJwk: JWK };
    const run = await runCli(['jwks', '-', '--json'], { stdin: JSON.stringify({ keys: [publicJwk] }) });
    expect(run.status).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'ERR_CONFIG_INVALID' } });
    expect(run.stdout).not.toContain('"x"');
  });

  it('refuses a file that holds no key material (ERR_CLI_INPUT_INVALID, exit 3)', async () => {
    const run = await runCli(['jwks', '-'], { stdin: 'not a key' });
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('ERR_CLI_INPUT_INVALID');
  });
});
