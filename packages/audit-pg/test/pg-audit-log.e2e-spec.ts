import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { auditFromEnv, verifyChain, type AuditEvent, type AuditRecord } from '@signet/core';
import pg from 'pg';
import { PgAuditLog, readPgChainLines } from '../src/index.js';
import { HAS_POSTGRES, PostgresServer } from '../src/testing.js';

const event = (i: number, instance: string): AuditEvent => ({
  type: 'authorization.request',
  time: new Date(1_700_000_000_000 + i).toISOString(),
  issuer: 'https://as.example',
  clientId: instance,
  scope: 'openid',
  jti: `jti-${instance}-${i}`,
  delivery: 'par',
  responseMode: 'jwt',
  stateHash: '0123456789abcdef',
  encrypted: false,
  dpop: false,
});

(HAS_POSTGRES ? describe : describe.skip)('PgAuditLog against a real PostgreSQL', () => {
  let server: PostgresServer;
  let admin: pg.Pool;
  let chain = 0;
  let name: string;
  beforeAll(async () => {
    server = await PostgresServer.start();
    admin = new pg.Pool({ connectionString: server.url, max: 2 });
  }, 60_000);
  afterAll(async () => {
    await admin?.end();
    await server?.destroy();
  });
  beforeEach(() => {
    name = `chain-${++chain}`;
  });

  const verify = async (anchor?: { seq: number; hash: string }) =>
    verifyChain(readPgChainLines(server.url, { chain: name }), anchor ? { anchor } : {});

  it('keeps one unforked chain when two instances write to it concurrently', async () => {
    const a = await PgAuditLog.open({ connection: server.url, chain: name, instance: 'instance-a' });
    const b = await PgAuditLog.open({ connection: server.url, chain: name, instance: 'instance-b' });
    // Ten waves of 30 appends from each instance at once: within a wave both contend for the chain; a wave ends
    // when all its records are written, so both instances appear among the first 300 whatever the batching does.
    const records = [];
    for (let wave = 0; wave < 10; wave++) {
      const writes = [];
      for (let i = wave * 30; i < (wave + 1) * 30; i++) writes.push(a.append(event(i, 'a')), b.append(event(i, 'b')));
      records.push(...(await Promise.all(writes)));
    }
    const head = await a.head();
    await Promise.all([a.close(), b.close()]);

    expect(new Set(records.map((r) => r.seq)).size).toBe(600);
    expect(head.seq).toBe(600);
    const result = await verify(head);
    expect(result).toMatchObject({ ok: true, records: 600, verifiedThrough: 600 });
    const lines: AuditRecord[] = [];
    for await (const line of readPgChainLines(server.url, { chain: name })) lines.push(JSON.parse(line) as AuditRecord);
    const instances = lines.map((r) => r.instance);
    expect(instances.filter((i) => i === 'instance-a')).toHaveLength(300);
    expect(instances.filter((i) => i === 'instance-b')).toHaveLength(300);
    // Interleaved, not one after the other: both wrote in every wave.
    for (let wave = 0; wave < 10; wave++) {
      const slice = instances.slice(wave * 60, (wave + 1) * 60);
      expect([wave, slice.includes('instance-a'), slice.includes('instance-b')]).toEqual([wave, true, true]);
    }
  }, 60_000);

  it('lets several instances boot at once on a database without the table (its creation is serialized)', async () => {
    const logs = await Promise.all(
      [1, 2, 3, 4].map((i) => PgAuditLog.open({ connection: server.url, table: 'fresh_audit', instance: `boot-${i}` })),
    );
    await Promise.all(logs.map((log) => log.close()));
  });

  it('survives a server restart and a process restart: the chain continues', async () => {
    let log = await PgAuditLog.open({ connection: server.url, chain: name });
    await log.append(event(1, 'x'));
    await log.close();
    await server.stop();
    await server.start();
    log = await PgAuditLog.open({ connection: server.url, chain: name });
    expect((await log.append(event(2, 'x'))).seq).toBe(2);
    await log.close();
    expect(await verify()).toMatchObject({ ok: true, verifiedThrough: 2 });
  }, 60_000);

  it('refuses appends while the server is down, and writes again once it is back', async () => {
    const log = await PgAuditLog.open({ connection: server.url, chain: name, timeout: 1000 });
    await log.append(event(1, 'x'));
    await server.stop();
    await expect(log.append(event(2, 'x'))).rejects.toThrow();
    await server.start();
    expect((await log.append(event(3, 'x'))).seq).toBe(2);
    await log.close();
    expect(await verify()).toMatchObject({ ok: true, verifiedThrough: 2 });
  }, 60_000);

  it('survives a connection error event on a checked-out client (the server dropping it between two queries)', async () => {
    // pg emits 'error' on a checked-out client whose socket fails outside a query; the pool hears only idle ones.
    const pool = new pg.Pool({ connectionString: server.url, max: 2 });
    pool.on('error', () => undefined);
    const log = await PgAuditLog.open({ connection: pool, chain: name });
    const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
    let emitted = 0;
    (pool as unknown as { connect: () => Promise<pg.PoolClient> }).connect = async () => {
      const client = await connect();
      // While the write holds it (its BEGIN in flight): an 'error' event nobody listens to throws, uncaught.
      setImmediate(() => {
        client.emit('error', new Error('Connection terminated unexpectedly'));
        emitted += 1;
      });
      return client;
    };
    expect((await log.append(event(1, 'x'))).seq).toBe(1);
    expect(emitted).toBe(1);
    await log.close();
    await pool.end();
  });

  it('detects rows edited, deleted or renumbered in the table', async () => {
    const log = await PgAuditLog.open({ connection: server.url, chain: name });
    for (let i = 1; i <= 6; i++) await log.append(event(i, 'x'));
    const head = await log.head();
    await log.close();
    await admin.query(
      `UPDATE signet_audit_log SET line = replace(line, '"jti-x-2"', '"jti-x-9"') WHERE chain = $1 AND seq = 2`,
      [name],
    );
    expect((await verify(head)).problems[0]).toMatchObject({ kind: 'broken-link', seq: 3 });
    await admin.query('DELETE FROM signet_audit_log WHERE chain = $1 AND seq = 4', [name]);
    expect((await verify(head)).problems.map((p) => p.kind)).toContain('gap');
    await admin.query('DELETE FROM signet_audit_log WHERE chain = $1 AND seq >= 5', [name]);
    expect((await verify(head)).problems.map((p) => p.kind)).toContain('truncated');
  }, 60_000);

  it('is what SIGNET_AUDIT_PG_URL opens through core (loaded on demand)', async () => {
    const log = await auditFromEnv({ SIGNET_AUDIT_PG_URL: server.url });
    expect(log).toBeInstanceOf(PgAuditLog);
    await log!.close();
  });

  it('refuses an unreachable SIGNET_AUDIT_PG_URL at boot, naming the variable and not echoing the password', async () => {
    const err = await auditFromEnv({ SIGNET_AUDIT_PG_URL: 'postgres://signet:hunter2@127.0.0.1:1/signet' }).catch(
      (e: Error) => e,
    );
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID', field: 'SIGNET_AUDIT_PG_URL' });
    expect(String((err as Error).message)).not.toContain('hunter2');
  });
});
