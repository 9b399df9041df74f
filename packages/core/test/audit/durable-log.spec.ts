// The durable log on the flow: awaited, fail-closed, evidence sealed to the auditor, no secret in any record.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { calculateJwkThumbprint, compactVerify, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileAuditLog } from '../../src/audit/file-audit-log.js';
import { openEvidence } from '../../src/audit/evidence.js';
import { readChainLines } from '../../src/audit/chain-files.js';
import { verifyChain } from '../../src/audit/verify-chain.js';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { startTestAuthorizationServer, type TestAuthorizationServer } from '../../../testing/src/index.js';
import { startHarness, type Harness } from '../adversarial/harness.js';
import { httpStatusOf } from '../../src/http/http-status.js';

describe('the durable audit log on the login flow', () => {
  let as: TestAuthorizationServer;
  let dir: string;
  let auditor: { publicJwk: JWK; privateJwk: JWK };
  beforeAll(async () => {
    as = await startTestAuthorizationServer();
    const pair = await generateKeyPair('ECDH-ES+A256KW', { extractable: true });
    auditor = { publicJwk: await exportJWK(pair.publicKey), privateJwk: await exportJWK(pair.privateKey) };
  });
  afterAll(() => as.close());
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-flow-audit-'));
    as.reset();
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const records = async (path: string) =>
    (await readFile(path, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditRecord);

  async function login(h: Harness) {
    const l = await h.begin({ scope: 'openid' });
    const response = await h.as.response({ code: l.code, state: l.state });
    return { login: l, response, result: await h.deliver(response) };
  }

  it('records the request and the accepted response before the login succeeds, as a chain that verifies', async () => {
    const path = join(dir, 'audit.jsonl');
    const log = await FileAuditLog.open({ path, instance: 'rp-a' });
    const h = await startHarness({ as, auditLog: log, auditEvidenceKey: auditor.publicJwk });
    const { login: l, response, result } = await login(h);
    await log.close();

    const written = await records(path);
    expect(written.map((r) => [r.seq, r.event.type])).toEqual([
      [1, 'authorization.request'],
      [2, 'authorization.response'],
    ]);
    expect(written[1]!.event).toMatchObject({ outcome: 'verified', subject: result.subject });
    expect(await verifyChain(readChainLines(path))).toMatchObject({ ok: true, verifiedThrough: 2 });

    // Nothing a thief could use, anywhere in the file: no code, state, nonce, token, response or signature.
    const text = await readFile(path, 'utf8');
    const secrets = [l.code, l.state, l.nonce, response, response.split('.')[2]!, result.tokens.accessToken];
    if (result.tokens.idToken) secrets.push(result.tokens.idToken);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('seals evidence the auditor can open and check again: request object, response JWS and the AS key thumbprint', async () => {
    const path = join(dir, 'audit.jsonl');
    const log = await FileAuditLog.open({ path });
    const h = await startHarness({ as, auditLog: log, auditEvidenceKey: auditor.publicJwk });
    const { login: l, response } = await login(h);
    await log.close();
    const [request, accepted] = (await records(path)) as Array<{
      event: { evidence?: string; jti?: string };
    }>;

    const requestEvidence = await openEvidence(request!.event.evidence!, auditor.privateJwk);
    expect(requestEvidence).toMatchObject({ kind: 'authorization.request', jti: request!.event.jti });
    const clientKey = h.client.publicJwks().keys[0]!;
    const signedRequest = await compactVerify(requestEvidence.requestObject!, await importJWK(clientKey, 'ES256'));
    expect(JSON.parse(new TextDecoder().decode(signedRequest.payload))).toMatchObject({ state: l.state });

    const evidence = await openEvidence(accepted!.event.evidence!, auditor.privateJwk);
    expect(evidence.responseJws).toBe(response);
    const asKey = as.jwks.keys[0]!;
    expect(evidence.asKeyThumbprint).toBe(await calculateJwkThumbprint(asKey));
    await expect(compactVerify(evidence.responseJws!, await importJWK(asKey, 'ES256'))).resolves.toBeDefined();
    expect(accepted!.event.jti).toBe(request!.event.jti);
  });

  it('refuses authorize with ERR_AUDIT_UNAVAILABLE (503) when the log cannot be written', async () => {
    const log = await FileAuditLog.open({ path: '/dev/full' });
    const h = await startHarness({ as, auditLog: log });
    const err = await h.client.authorize({ scope: 'openid' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' });
    expect(httpStatusOf(err)).toBe(503);
    await log.close().catch(() => undefined);
  });

  it('refuses a verified response with ERR_AUDIT_UNAVAILABLE when its record cannot be written', async () => {
    const path = join(dir, 'audit.jsonl');
    let down = false;
    const file = await FileAuditLog.open({ path });
    const full = await FileAuditLog.open({ path: '/dev/full' });
    // The disk fills up between the redirect and the callback.
    const log = {
      append: (e: never) => (down ? full : file).append(e),
      head: () => file.head(),
      lines: () => file.lines(),
      close: () => file.close(),
    };
    const h = await startHarness({ as, auditLog: log });
    const l = await h.begin({ scope: 'openid' });
    down = true;
    const err = await h.deliver(await h.as.response({ code: l.code, state: l.state })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE' });
    expect(httpStatusOf(err)).toBe(503);
    expect(h.events.at(-1)).toMatchObject({ outcome: 'refused', code: 'ERR_AUDIT_UNAVAILABLE' });
    await file.close();
    await full.close().catch(() => undefined);
  });

  it('lets logins through an unwritable log only under allowUnrecordedLogins, and names the relaxation', async () => {
    const path = join(dir, 'audit.jsonl');
    const log = await FileAuditLog.open({ path });
    const h = await startHarness({ as, auditLog: log, allowUnrecordedLogins: true });
    await login(h);
    await log.close();
    const written = await records(path);
    expect(written.length).toBeGreaterThan(0);
    for (const record of written) expect(record.event.relaxations).toEqual(['allow-unrecorded-logins']);
    const full = await FileAuditLog.open({ path: '/dev/full' });
    const relaxed = await startHarness({ as, auditLog: full, allowUnrecordedLogins: true });
    await expect(login(relaxed)).resolves.toBeDefined();
    expect(relaxed.events.every((e) => e.relaxations?.includes('allow-unrecorded-logins'))).toBe(true);
    await full.close().catch(() => undefined);
  });

  it('refuses an evidence key with private material at boot, naming the option', async () => {
    await expect(startHarness({ as, auditEvidenceKey: auditor.privateJwk })).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      field: 'auditEvidenceKey',
    });
  });
});
