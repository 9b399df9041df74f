import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { appendFile, mkdtemp, readFile, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEvent } from './audit-event.js';
import { canonicalJson } from './canonical-json.js';
import { readChainLines, rotatedName } from './chain-files.js';
import { FileAuditLog } from './file-audit-log.js';
import { recordHash, type AuditRecord } from './audit-record.js';
import { verifyChain } from './verify-chain.js';

const event = (i: number): AuditEvent => ({
  type: 'authorization.response',
  time: new Date(1_700_000_000_000 + i).toISOString(),
  issuer: 'https://as.example',
  clientId: 'client-1',
  outcome: i % 7 === 0 ? 'refused' : 'verified',
  ...(i % 7 === 0 ? { code: 'ERR_JARM_EXPIRED' as const } : { subject: `user-${i}` }),
  durationMs: i / 100,
});

describe('FileAuditLog', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-audit-'));
    path = join(dir, 'audit.jsonl');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const lines = async (file = path) => (await readFile(file, 'utf8')).trimEnd().split('\n');
  const verifyFile = async (anchor?: { seq: number; hash: string }) =>
    verifyChain(readChainLines(path), anchor ? { anchor } : {});

  it('writes 10,000 events, concurrently appended, as one chain that verifies clean', async () => {
    const log = await FileAuditLog.open({ path, instance: 'rp-1' });
    const records = await Promise.all(Array.from({ length: 10_000 }, (_, i) => log.append(event(i + 1))));
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    const head = await log.head();
    await log.close();
    const result = await verifyFile(head);
    expect(result).toMatchObject({ ok: true, records: 10_000, verifiedThrough: 10_000, problemCount: 0, head });
  }, 60_000);

  it('writes each line in the canonical serialization, linked by the SHA-256 of the record before', async () => {
    const log = await FileAuditLog.open({ path, instance: 'rp-1' });
    await log.append(event(1));
    await log.append(event(2));
    await log.close();
    const [first, second] = (await lines()).map((line) => JSON.parse(line) as AuditRecord);
    expect(first).toMatchObject({ v: 1, seq: 1, instance: 'rp-1', prev: '0'.repeat(64) });
    expect(second!.prev).toBe(recordHash(first!));
    expect((await lines())[0]).toBe(canonicalJson(first));
  });

  it('survives a restart: the chain continues from the last record on disk', async () => {
    let log = await FileAuditLog.open({ path });
    for (let i = 1; i <= 3; i++) await log.append(event(i));
    await log.close();
    log = await FileAuditLog.open({ path });
    expect((await log.append(event(4))).seq).toBe(4);
    await log.close();
    expect(await verifyFile()).toMatchObject({ ok: true, records: 4, verifiedThrough: 4 });
  });

  it('cuts off a torn final line (a write a crash interrupted, never acknowledged) and chains on', async () => {
    let log = await FileAuditLog.open({ path });
    await log.append(event(1));
    await log.close();
    await appendFile(path, '{"v":1,"seq":2,"instance":"x","pr');
    log = await FileAuditLog.open({ path });
    expect((await log.append(event(2))).seq).toBe(2);
    await log.close();
    expect(await verifyFile()).toMatchObject({ ok: true, records: 2 });
  });

  it('rotates by size and carries the chain across files', async () => {
    const log = await FileAuditLog.open({ path, maxFileBytes: 2_000 });
    for (let i = 1; i <= 40; i++) await log.append(event(i));
    await log.close();
    const files = (await readdir(dir)).sort();
    expect(files.length).toBeGreaterThan(3);
    expect(files).toContain('audit.jsonl');
    expect(await verifyFile()).toMatchObject({ ok: true, records: 40, verifiedThrough: 40 });
    // A crash between the rename and the next write leaves no active file: the head comes from the newest rotated one.
    await rename(path, rotatedName(path, 40));
    const reopened = await FileAuditLog.open({ path, maxFileBytes: 2_000 });
    expect((await reopened.append(event(41))).seq).toBe(41);
    await reopened.close();
  });

  it('fails the append (rejects) when the disk refuses the write, and never advances the chain', async () => {
    const full = await FileAuditLog.open({ path: '/dev/full' });
    await expect(full.append(event(1))).rejects.toMatchObject({ code: 'ENOSPC' });
    await expect(full.head()).resolves.toEqual({ seq: 0, hash: '0'.repeat(64) });
    await full.close().catch(() => undefined);
  });

  describe('tampering', () => {
    let head: { seq: number; hash: string };
    beforeEach(async () => {
      const log = await FileAuditLog.open({ path });
      for (let i = 1; i <= 10; i++) await log.append(event(i));
      head = await log.head();
      await log.close();
    });
    const rewrite = async (edit: (lines: string[]) => string[]) =>
      writeFile(path, `${edit(await lines()).join('\n')}\n`);

    it('detects an edited record (the next record no longer links to it)', async () => {
      await rewrite((l) => l.map((line, i) => (i === 4 ? line.replace('"client-1"', '"client-2"') : line)));
      const result = await verifyFile(head);
      expect(result.ok).toBe(false);
      expect(result.problems[0]).toMatchObject({ kind: 'broken-link', seq: 6 });
      expect(result.verifiedThrough).toBe(5);
    });

    it('detects an edited last record through the anchor', async () => {
      await rewrite((l) => l.map((line, i) => (i === 9 ? line.replace('"client-1"', '"client-2"') : line)));
      expect((await verifyFile(head)).problems).toEqual([expect.objectContaining({ kind: 'anchor-mismatch' })]);
    });

    it('detects a deleted record', async () => {
      await rewrite((l) => l.filter((_, i) => i !== 3));
      expect((await verifyFile(head)).problems[0]).toMatchObject({ kind: 'gap', seq: 5 });
    });

    it('detects an inserted copy of a record', async () => {
      const forged = (l: string[]) => {
        const copy = JSON.parse(l[2]!) as AuditRecord;
        return canonicalJson({ ...copy, event: { ...copy.event, clientId: 'forged' } });
      };
      await rewrite((l) => [...l.slice(0, 3), forged(l), ...l.slice(3)]);
      expect((await verifyFile(head)).problems[0]).toMatchObject({ kind: 'out-of-order', seq: 3 });
    });

    it('detects an inserted record that links correctly and renumbers the records after it', async () => {
      await rewrite((l) => {
        const records = l.map((line) => JSON.parse(line) as AuditRecord);
        const forged = {
          ...records[3]!,
          prev: recordHash(records[2]!),
          event: { ...records[3]!.event, clientId: 'x' },
        };
        const after = records.slice(3).map((r) => canonicalJson({ ...r, seq: r.seq + 1 }));
        return [...l.slice(0, 3), canonicalJson(forged), ...after];
      });
      expect((await verifyFile(head)).problems[0]).toMatchObject({ kind: 'broken-link', seq: 5 });
    });

    it('detects records swapped (reordered)', async () => {
      await rewrite((l) => [...l.slice(0, 2), l[3]!, l[2]!, ...l.slice(4)]);
      const kinds = (await verifyFile(head)).problems.map((p) => p.kind);
      expect(kinds).toContain('gap');
      expect(kinds).toContain('out-of-order');
    });

    it('detects a truncated tail against the anchor (and says that without one it cannot)', async () => {
      await rewrite((l) => l.slice(0, 7));
      expect((await verifyFile(head)).problems).toEqual([expect.objectContaining({ kind: 'truncated' })]);
      expect(await verifyFile()).toMatchObject({ ok: true, verifiedThrough: 7 });
    });

    it('detects a rewritten chain (every hash recomputed) against the anchor', async () => {
      const records = (await lines()).map((line) => JSON.parse(line) as AuditRecord);
      let prev = '0'.repeat(64);
      const forged = records.map((r) => {
        const record = { ...r, prev, event: { ...r.event, clientId: 'forged' } };
        prev = recordHash(record);
        return canonicalJson(record);
      });
      await writeFile(path, `${forged.join('\n')}\n`);
      expect((await verifyFile(head)).problems).toEqual([expect.objectContaining({ kind: 'anchor-mismatch' })]);
    });

    it('detects a line that is not a record', async () => {
      await rewrite((l) => [...l.slice(0, 5), 'not json', ...l.slice(5)]);
      expect((await verifyFile(head)).problems[0]).toMatchObject({ kind: 'malformed', position: 6 });
    });

    it('detects a missing rotated file', async () => {
      const log = await FileAuditLog.open({ path, maxFileBytes: 1_500 });
      for (let i = 11; i <= 30; i++) await log.append(event(i));
      const last = await log.head();
      await log.close();
      const rotated = (await readdir(dir)).filter((name) => name !== 'audit.jsonl').sort();
      await unlink(join(dir, rotated[1]!));
      expect((await verifyFile(last)).problems[0]).toMatchObject({ kind: 'gap' });
    });
  });
});
