import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileAuditLog, SignetClient, type AuditLog } from '@signet/core';
import { callbackInputOf, startTestAuthorizationServer } from '@signet/testing';
import { fixtures } from '../lib/keys.js';

const CLIENT_ID = 'bench-client';
const REDIRECT_URI = 'http://127.0.0.1:3000/callback';

/** One way of recording logins, measured over the same logins. */
export interface AuditCase {
  sink: 'none' | 'file' | 'postgresql';
  callbacks: number;
  /** Mean wall time of `callback()` (JARM verification, token request to the local AS, records), ms. */
  meanCallbackMs: number;
  /** Over the `none` case, percent. */
  overheadPercent: number;
  /** 16 callbacks at a time (prepared logins): callbacks per second, where one fdatasync serves a batch. */
  concurrentPerSecond: number;
  /** `none` ÷ this − 1, percent. */
  concurrentOverheadPercent: number;
}

export interface AuditResult {
  cases: AuditCase[];
  /** Why the PostgreSQL case is missing, if it is. */
  skipped?: string;
}

/**
 * Issue 11: what the durable audit log costs a login. Whole logins (authorize, then callback against the local
 * AS) one after another, so each callback waits for its own record: the file log's fdatasync, or a PostgreSQL
 * transaction, on the critical path of every callback (no batching helps a lone login).
 */
export async function run(scale: number): Promise<AuditResult> {
  const keys = await fixtures();
  const as = await startTestAuthorizationServer({
    clientId: CLIENT_ID,
    signingKey: keys.asSigning.ES256,
    skipClientChecks: true,
  });
  const dir = mkdtempSync(join(tmpdir(), 'signet-bench-audit-'));
  const logins = Math.max(30, Math.round(400 * scale));
  const cases: AuditCase[] = [];
  let skipped: string | undefined;
  let pg: { url: string; destroy(): Promise<void> } | undefined;
  try {
    const measure = async (
      sink: AuditCase['sink'],
      auditLog?: AuditLog,
    ): Promise<{ meanMs: number; perSecond: number }> => {
      const client = await SignetClient.create({
        issuer: as.issuer,
        clientId: CLIENT_ID,
        redirectUri: REDIRECT_URI,
        signingKeys: [keys.clientSigning.ES256.privateJwk],
        ...(auditLog ? { auditLog } : {}),
      });
      const login = async () => {
        const { url } = await client.authorize();
        const input = callbackInputOf(await as.authorize(url));
        return String(input.params.response);
      };
      let total = 0;
      for (let i = 0; i < logins + 10; i++) {
        const response = await login();
        const started = performance.now();
        await client.callback({ delivery: 'query', params: { response } });
        if (i >= 10) total += performance.now() - started; // the first ten warm the JIT and the caches
      }
      // The same logins, 16 callbacks in flight at a time: records arriving together share one write and flush.
      const responses: string[] = [];
      for (let i = 0; i < logins; i++) responses.push(await login());
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let next = responses.pop(); next !== undefined; next = responses.pop())
            await client.callback({ delivery: 'query', params: { response: next } });
        }),
      );
      const perSecond = logins / ((performance.now() - started) / 1000);
      await auditLog?.close();
      return { meanMs: total / logins, perSecond };
    };
    const none = await measure('none');
    const file = await measure('file', await FileAuditLog.open({ path: join(dir, 'audit.jsonl') }));
    const round = (n: number) => Math.round(n * 1000) / 1000;
    const entry = (sink: AuditCase['sink'], m: { meanMs: number; perSecond: number }): AuditCase => ({
      sink,
      callbacks: logins,
      meanCallbackMs: round(m.meanMs),
      overheadPercent: Math.round(((m.meanMs - none.meanMs) / none.meanMs) * 1000) / 10,
      concurrentPerSecond: Math.round(m.perSecond),
      concurrentOverheadPercent: Math.round((none.perSecond / m.perSecond - 1) * 1000) / 10,
    });
    cases.push(entry('none', none), entry('file', file));
    try {
      const { HAS_POSTGRES, PostgresServer } = await import('@signet/audit-pg/testing');
      if (!HAS_POSTGRES) throw new Error('PostgreSQL is not installed');
      pg = await PostgresServer.start();
      const { PgAuditLog } = await import('@signet/audit-pg');
      cases.push(entry('postgresql', await measure('postgresql', await PgAuditLog.open({ connection: pg.url }))));
    } catch (err) {
      skipped = (err as Error).message;
    }
    return { cases, ...(skipped ? { skipped } : {}) };
  } finally {
    await pg?.destroy();
    rmSync(dir, { recursive: true, force: true });
    await as.close();
  }
}
