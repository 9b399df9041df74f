import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { FileAuditLog, importEvidenceKey, sealEvidence, type AuditEvent } from '@signet/core';
import { runCli } from './run-cli.js';

const event = (i: number, outcome: 'verified' | 'refused', evidence?: string): AuditEvent => ({
  type: 'authorization.response',
  time: new Date(Date.UTC(2026, 0, i)).toISOString(),
  issuer: 'https://as.example',
  clientId: 'client-1',
  outcome,
  ...(outcome === 'refused' ? { code: 'ERR_JARM_EXPIRED' as const } : { subject: `user-${i}` }),
  jti: `jti-${i}`,
  durationMs: 1,
  ...(evidence ? { evidence } : {}),
});

describe('signet audit verify, audit export and evidence open (child process)', () => {
  let dir: string;
  let log: string;
  let keyFile: string;
  let head: { seq: number; hash: string };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-cli-audit-'));
    log = join(dir, 'audit.jsonl');
    const auditor = await generateKeyPair('ECDH-ES+A256KW', { extractable: true });
    keyFile = join(dir, 'auditor.json');
    await writeFile(keyFile, JSON.stringify(await exportJWK(auditor.privateKey)));
    const sealTo = await importEvidenceKey(await exportJWK(auditor.publicKey));
    const file = await FileAuditLog.open({ path: log });
    for (let i = 1; i <= 6; i++) {
      const evidence = await sealEvidence(
        { kind: 'authorization.response', jti: `jti-${i}`, responseJws: `jws-${i}` },
        sealTo,
      );
      await file.append(event(i, i % 3 === 0 ? 'refused' : 'verified', evidence));
    }
    head = await file.head();
    await file.close();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('verifies a clean chain: exit 0, "verified through record 6", the head to keep', async () => {
    const run = await runCli(['audit', 'verify', log, '--anchor', `${head.seq}:${head.hash}`]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('verified through record 6');
    expect(run.stdout).toContain(`head 6:${head.hash}`);
  });

  it('reports a tampered copy with exit 1 and the kind of each problem', async () => {
    const lines = (await readFile(log, 'utf8')).trimEnd().split('\n');
    const tampered = join(dir, 'tampered.jsonl');
    await writeFile(
      tampered,
      `${[lines[0], lines[1]!.replace('user-2', 'user-9'), ...lines.slice(2, 5)].join('\n')}\n`,
    );
    const run = await runCli(['audit', 'verify', tampered, '--anchor', `${head.seq}:${head.hash}`]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('broken-link');
    expect(run.stdout).toContain('truncated');
    const json = await runCli(['--json', 'audit', 'verify', tampered]);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, verifiedThrough: 2 });
  });

  it('exits 3 for a log that cannot be read and 2 for a malformed anchor', async () => {
    expect((await runCli(['audit', 'verify', join(dir, 'missing.jsonl')])).status).toBe(3);
    expect((await runCli(['audit', 'verify', log, '--anchor', 'nope'])).status).toBe(2);
  });

  it('exports JSON lines and CSV, filtered by time and outcome', async () => {
    const all = await runCli(['audit', 'export', log, '--format', 'jsonl']);
    expect(all.status).toBe(0);
    expect(all.stdout.trim().split('\n')).toHaveLength(6);
    const since = await runCli(['audit', 'export', log, '--since', '2026-01-04T00:00:00Z', '--outcome', 'verified']);
    expect(
      since.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).seq),
    ).toEqual([4, 5]);
    const csv = await runCli(['audit', 'export', log, '--format', 'csv', '--outcome', 'refused']);
    const rows = csv.stdout.trim().split('\r\n');
    expect(rows[0]).toMatch(/^seq,time,instance,type/);
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['3', '6']);
    expect((await runCli(['audit', 'export', log, '--since', 'yesterday'])).status).toBe(2);
  });

  it("opens the evidence of every record with the auditor's key, and exits 3 with another key", async () => {
    const run = await runCli(['evidence', 'open', log, '--key', keyFile, '--jti', 'jti-2']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ seq: 2, kind: 'authorization.response', responseJws: 'jws-2' });
    const other = await generateKeyPair('ECDH-ES+A256KW', { extractable: true });
    const otherFile = join(dir, 'other.json');
    await writeFile(otherFile, JSON.stringify(await exportJWK(other.privateKey)));
    const refused = await runCli(['evidence', 'open', log, '--key', otherFile]);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toContain('ERR_CLI_EVIDENCE_UNOPENED');
  });
});
