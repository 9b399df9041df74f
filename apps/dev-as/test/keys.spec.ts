import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevKeys, toPublicJwks } from '../src/keys.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dev-as-keys-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadOrCreateDevKeys', () => {
  it('creates as.json and rp.json once, then reads them back unchanged', async () => {
    const keysDir = join(dir, 'nested', '.dev-keys');
    const first = await loadOrCreateDevKeys(keysDir);
    const second = await loadOrCreateDevKeys(keysDir);
    expect(second).toEqual(first);
    expect((await stat(join(keysDir, 'as.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(keysDir, 'rp.json'))).mode & 0o777).toBe(0o600);
  });

  it('gives the AS one private key per algorithm and the RP an ES256 + ECDH-ES pair', async () => {
    const { as, rp } = await loadOrCreateDevKeys(join(dir, 'shape'));
    expect(as.keys.map((k) => `${k.alg}/${k.use}`).sort()).toEqual([
      'ECDH-ES/enc',
      'ES256/sig',
      'EdDSA/sig',
      'PS256/sig',
      'RSA-OAEP-256/enc',
    ]);
    expect(rp.keys.map((k) => `${k.alg}/${k.use}/${k.crv}`)).toEqual(['ES256/sig/P-256', 'ECDH-ES/enc/P-256']);
    for (const key of [...as.keys, ...rp.keys]) {
      expect(typeof key.kid).toBe('string');
      expect(typeof key.d).toBe('string');
    }
  });
});

describe('toPublicJwks', () => {
  it('drops every private member and keeps kid/alg/use', async () => {
    const { as } = await loadOrCreateDevKeys(join(dir, 'public'));
    for (const key of toPublicJwks(as).keys) {
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'ext', 'key_ops']) expect(key).not.toHaveProperty(member);
      expect(key).toHaveProperty('kid');
      expect(key).toHaveProperty('alg');
      expect(key).toHaveProperty('use');
    }
  });
});
