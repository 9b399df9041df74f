import { SignJWT } from 'jose';
import { isSignetError, MemoryTransactionStore, SignetClient, type AuditEvent } from '@signet/core';
import { startTestAuthorizationServer } from '@signet/testing';
import { fixtures } from '../lib/keys.js';

const CLIENT_ID = 'bench-client';
const REDIRECT_URI = 'http://127.0.0.1:3000/callback';

export interface MemoryResult {
  callbacks: number;
  pendingLoginsRefused: number;
  refusedByCode: Record<string, number>;
  accepted: number;
  auditEvents: number;
  heapUsedBeforeMiB: number;
  heapUsedAfterMiB: number;
  heapDeltaMiB: number;
  /** heapUsed (MiB, after a full GC) every tenth of the run. */
  heapSeriesMiB: number[];
  storeSizeAfter: number;
  jwksFetches: number;
  ms: number;
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 100) / 100;

function gcNow(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * Refused callbacks through SignetClient.callback with the default memory store: expired responses, bad
 * signatures, unsigned responses, foreign issuers, and bad signatures for real pending logins. Every
 * response is distinct (its own state), as an attacker's flood would be.
 */
export async function run(scale: number): Promise<MemoryResult> {
  const keys = await fixtures();
  const as = await startTestAuthorizationServer({
    clientId: CLIENT_ID,
    signingKey: keys.asSigning.ES256,
    skipClientChecks: true,
  });
  try {
    let auditEvents = 0;
    const store = new MemoryTransactionStore();
    const client = await SignetClient.create({
      issuer: as.issuer,
      clientId: CLIENT_ID,
      redirectUri: REDIRECT_URI,
      signingKeys: [keys.clientSigning.ES256.privateJwk],
      store,
      audit: (_event: AuditEvent) => {
        auditEvents++;
      },
    });
    const signer = keys.asSigning.ES256;
    const now = Math.floor(Date.now() / 1000);
    const donor = await new SignJWT({ code: 'c', state: 'donor' })
      .setProtectedHeader({ alg: 'ES256', kid: signer.kid })
      .setIssuer(as.issuer)
      .setAudience(CLIENT_ID)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(signer.privateKey);
    const [header, , signature] = donor.split('.') as [string, string, string];

    // Real pending logins (authorize: JAR + PAR to the local AS), each later answered with a bad signature.
    const pending: string[] = [];
    const logins = Math.round(1000 * scale);
    for (let i = 0; i < logins; i += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, logins - i) }, () => client.authorize()));
      for (const request of batch) pending.push(request.state);
    }

    const kinds = ['expired', 'bad-signature', 'unsigned', 'foreign-issuer'] as const;
    const input = (i: number): { delivery: 'query'; params: Record<string, string> } => {
      const t = Math.floor(Date.now() / 1000);
      const state = i < pending.length ? pending[i]! : `flood-${i}-${Math.random().toString(36).slice(2)}`;
      const kind = i < pending.length ? 'bad-signature' : kinds[i % kinds.length]!;
      if (kind === 'unsigned') return { delivery: 'query', params: { code: `code-${i}`, state } };
      const claims = {
        iss: kind === 'foreign-issuer' ? 'https://attacker.example' : as.issuer,
        aud: CLIENT_ID,
        iat: kind === 'expired' ? t - 400 : t,
        exp: kind === 'expired' ? t - 100 : t + 300,
        code: `code-${i}`,
        state,
      };
      return { delivery: 'query', params: { response: `${header}.${b64(claims)}.${signature}` } };
    };

    const refusedByCode: Record<string, number> = {};
    let accepted = 0;
    const runRange = async (from: number, to: number) => {
      for (let i = from; i < to; i += 100) {
        await Promise.all(
          Array.from({ length: Math.min(100, to - i) }, (_, j) =>
            client.callback(input(i + j), {}).then(
              () => accepted++,
              (err: unknown) => {
                const code = isSignetError(err) ? err.code : 'unexpected';
                refusedByCode[code] = (refusedByCode[code] ?? 0) + 1;
              },
            ),
          ),
        );
      }
    };

    // Warm-up: JIT, the JWKS fetch, the metadata; then the baseline heap.
    const warmupFrom = 1_000_000_000;
    await runRange(warmupFrom, warmupFrom + 1000);
    for (const key of Object.keys(refusedByCode)) delete refusedByCode[key];
    gcNow();
    const before = process.memoryUsage().heapUsed;

    const callbacks = Math.round(100_000 * scale);
    const series: number[] = [];
    const started = performance.now();
    // The pending logins come first (i < pending.length), then the flood.
    const tenth = Math.ceil(callbacks / 10);
    for (let from = 0; from < callbacks; from += tenth) {
      await runRange(from, Math.min(callbacks, from + tenth));
      gcNow();
      series.push(mib(process.memoryUsage().heapUsed));
    }
    const ms = Math.round(performance.now() - started);
    gcNow();
    const after = process.memoryUsage().heapUsed;
    const total = Object.values(refusedByCode).reduce((a, b) => a + b, 0) + accepted;
    return {
      callbacks: total,
      pendingLoginsRefused: pending.length,
      refusedByCode,
      accepted,
      auditEvents,
      heapUsedBeforeMiB: mib(before),
      heapUsedAfterMiB: mib(after),
      heapDeltaMiB: mib(after - before),
      heapSeriesMiB: series,
      storeSizeAfter: store.size,
      jwksFetches: client.stats.jwksFetches,
      ms,
    };
  } finally {
    await as.close();
  }
}
