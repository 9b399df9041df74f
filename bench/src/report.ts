import type { Machine } from './lib/machine.js';
import type { JarmResult } from './suites/jarm.js';
import type { JarCase } from './suites/jar.js';
import type { JwksResult } from './suites/jwks.js';
import type { MemoryResult } from './suites/memory.js';
import type { RefusalResult } from './suites/refusal.js';
import { storesTable, type StoresResult } from './suites/stores.js';
import type { AuditResult } from './suites/audit.js';
import type { HttpResult } from './suites/http.js';
import type { GrantResult } from './suites/grant.js';
import type { FetchResult } from './suites/fetch.js';
import type { MtlsResult } from './suites/mtls.js';

export interface Target {
  target: string;
  measured: string;
  met: boolean;
}

export interface Results {
  date: string;
  quick: boolean;
  options: Record<string, number | boolean>;
  machine: Machine;
  /** os.loadavg() (1, 5, 15 min) when the run began and ended: other work on the machine shows here. */
  loadAverage: { before: number[]; after?: number[] };
  suites: {
    jarm?: JarmResult;
    jar?: JarCase[];
    jwks?: JwksResult;
    memory?: MemoryResult;
    refusal?: RefusalResult;
    stores?: StoresResult;
    grant?: GrantResult;
    mtls?: MtlsResult;
    fetch?: FetchResult;
    audit?: AuditResult;
    http?: HttpResult;
  };
  failures: Record<string, string>;
  durationsSeconds: Record<string, number>;
  targets?: Target[];
}

const fmt = (n: number | undefined) =>
  n === undefined || !Number.isFinite(n) ? 'n/a' : Math.round(n).toLocaleString('en-US');
const x = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? 'n/a' : `${n.toFixed(2)}×`);

/** The issue's targets, reported (never asserted). */
export function evaluateTargets(results: Results): Target[] {
  const targets: Target[] = [];
  for (const c of results.suites.jarm?.cases ?? []) {
    const r = c.ratios;
    targets.push({
      target: `JARM ${c.case}: Signet verification ≥ 1.0× raw jose`,
      measured: x(r['Signet core / jose floor']),
      met: (r['Signet core / jose floor'] ?? 0) >= 1,
    });
    targets.push({
      target: `JARM ${c.case}: Signet verification ≥ 1.0× oauth4webapi`,
      measured: x(r['Signet core / oauth4webapi']),
      met: (r['Signet core / oauth4webapi'] ?? 0) >= 1,
    });
    targets.push({
      target: `JARM ${c.case}: Signet callback ≥ 1.0× openid-client authorizationCodeGrant`,
      measured: x(r['Signet callback / openid-client']),
      met: (r['Signet callback / openid-client'] ?? 0) >= 1,
    });
  }
  for (const c of results.suites.jar ?? []) {
    targets.push({
      target: `JAR ${c.case}: Signet ≥ 0.95× jose floor`,
      measured: x(c.ratios['Signet / jose floor']),
      met: (c.ratios['Signet / jose floor'] ?? 0) >= 0.95,
    });
  }
  const jwks = results.suites.jwks;
  if (jwks) {
    targets.push({
      target: `JWKS: 0 fetches for ${jwks.steadyState.verifications.toLocaleString('en-US')} steady-state verifications after the first`,
      measured: String(jwks.steadyState.fetchesAfterFirst),
      met: jwks.steadyState.fetchesAfterFirst === 0,
    });
    targets.push({
      target: `JWKS: 1 fetch for ${jwks.rotation.concurrentVerifications.toLocaleString('en-US')} concurrent verifications with a new kid`,
      measured: String(jwks.rotation.fetches),
      met: jwks.rotation.fetches === 1,
    });
  }
  const grant = results.suites.grant;
  if (grant) {
    targets.push({
      target: '/api/profile (grant fetch, DPoP): overhead ≤ 15% against a bare route with a hand-built proof',
      measured: `${(grant.profile.overhead * 100).toFixed(1)}%`,
      met: grant.profile.overhead <= 0.15,
    });
    targets.push({
      target: `Grant: 1 refresh for ${grant.singleFlight.concurrentCalls.toLocaleString('en-US')} concurrent calls on one expired grant`,
      measured: String(grant.singleFlight.refreshRequests),
      met: grant.singleFlight.refreshRequests === 1,
    });
  }
  for (const route of results.suites.http?.routes ?? []) {
    for (const store of route.stores)
      targets.push({
        target: `${route.route} route, ${store.store} store, ${route.connections} connections: overhead ≤ 15% against the bare route`,
        measured: `${(store.overhead * 100).toFixed(1)}% (p99 ${store.signet.p99Ms} ms vs ${route.bare.p99Ms} ms)`,
        met: store.overhead <= 0.15,
      });
    for (const store of route.stores)
      if (store.cpuOverhead !== undefined)
        targets.push({
          target: `${route.route} route, ${store.store} store, ${route.connections} connections: CPU per request ≤ 15% over the bare route's`,
          measured: `${(store.cpuOverhead * 100).toFixed(1)}% (${store.signet.cpuUsPerRequest} µs vs ${route.bare.cpuUsPerRequest} µs)`,
          met: store.cpuOverhead <= 0.15,
        });
  }
  return targets;
}

/** The summary table BENCHMARKS.md carries between its markers. */
export function markdown(results: Results): string {
  const m = results.machine;
  const lines: string[] = [];
  lines.push(
    `Run of ${results.date.slice(0, 16).replace('T', ' ')} UTC${results.quick ? ' (quick smoke run: numbers are not meaningful)' : ''}, ${results.durationsSeconds.total ?? '?'} s in all.`,
  );
  lines.push(
    `Machine: ${m.os}, ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node} (V8 ${m.v8}); commit ${m.commit ?? 'unknown'}.`,
  );
  lines.push(
    `Load average (1/5/15 min) before: ${results.loadAverage.before.join(' / ')}, after: ${results.loadAverage.after?.join(' / ') ?? '?'} (on ${m.cores} cores; above ${m.cores} other work was competing).`,
  );
  lines.push(
    `Packages: ${Object.entries(m.packages)
      .filter(([, v]) => v)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
  );
  lines.push('');

  const jarm = results.suites.jarm;
  if (jarm) {
    lines.push('### JARM verification (ops/s, higher is better)');
    lines.push('');
    lines.push('Verification alone:');
    lines.push('');
    lines.push(
      '| response | node:crypto limit | jose floor | Signet verifyResponseJws | Signet verifyAuthorizationResponse | oauth4webapi validateJwtAuthResponse | Signet / floor | Signet / oauth4webapi | Signet full / floor | Signet / limit |',
    );
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const c of jarm.cases) {
      const hz = Object.fromEntries(c.contenders.map((k) => [k.name, k.opsPerSec]));
      lines.push(
        `| ${c.case} | ${fmt(hz['node:crypto limit'])} | ${fmt(hz['jose (floor)'])} | ${fmt(hz['Signet verifyResponseJws'])} | ${fmt(hz['Signet verifyAuthorizationResponse'])} | ${fmt(hz['oauth4webapi validateJwtAuthResponse'])} | ${x(c.ratios['Signet core / jose floor'])} | ${x(c.ratios['Signet core / oauth4webapi'])} | ${x(c.ratios['Signet full / jose floor'])} | ${x(c.ratios['Signet core / node:crypto limit'])} |`,
      );
    }
    lines.push('');
    lines.push('Verification and the code exchange (private_key_jwt, token endpoint answered in-process):');
    lines.push('');
    lines.push('| response | Signet client.callback | openid-client authorizationCodeGrant | Signet / openid-client |');
    lines.push('| --- | ---: | ---: | ---: |');
    for (const c of jarm.cases) {
      const hz = Object.fromEntries(c.contenders.map((k) => [k.name, k.opsPerSec]));
      lines.push(
        `| ${c.case} | ${fmt(hz['Signet client.callback'])} | ${fmt(hz['openid-client authorizationCodeGrant (JARM)'])} | ${x(c.ratios['Signet callback / openid-client'])} |`,
      );
    }
    lines.push('');
  }

  const jar = results.suites.jar;
  if (jar) {
    lines.push('### JAR issuance (ops/s, higher is better)');
    lines.push('');
    lines.push(
      '| request object | jose floor | Signet | Signet as authorize() runs it | oauth4webapi | Signet / floor | Signet / oauth4webapi |',
    );
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const c of jar) {
      const hz = Object.fromEntries(c.contenders.map((k) => [k.name, k.opsPerSec]));
      lines.push(
        `| ${c.case} | ${fmt(hz['jose (floor)'])} | ${fmt(hz['Signet signRequestObject'])} | ${fmt(hz['Signet as authorize() runs it'])} | ${fmt(hz['oauth4webapi issueRequestObject'])} | ${x(c.ratios['Signet / jose floor'])} | ${x(c.ratios['Signet / oauth4webapi'])} |`,
      );
    }
    lines.push('');
  }

  const jwks = results.suites.jwks;
  if (jwks) {
    lines.push('### JWKS fetches');
    lines.push('');
    lines.push('| scenario | jwks_uri fetches (RemoteKeySet) | requests seen by the JWKS server | outcome | target |');
    lines.push('| --- | ---: | ---: | --- | --- |');
    lines.push(
      `| ${jwks.steadyState.verifications.toLocaleString('en-US')} sequential verifications, steady state | ${jwks.steadyState.fetchesForFirst} for the first, ${jwks.steadyState.fetchesAfterFirst} after | ${jwks.steadyState.serverHitsAfterFirst} after the first | all verified in ${jwks.steadyState.ms} ms | 0 after the first |`,
    );
    const refused = Object.entries(jwks.rotation.refused)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
    lines.push(
      `| ${jwks.rotation.concurrentVerifications.toLocaleString('en-US')} concurrent verifications, new kid after a rotation | ${jwks.rotation.fetches} | ${jwks.rotation.serverHits} | ${jwks.rotation.verified} verified${refused ? `, ${refused}` : ''}, ${jwks.rotation.ms} ms | 1 |`,
    );
    lines.push('');
  }

  const mem = results.suites.memory;
  if (mem) {
    lines.push('### Memory under refused callbacks');
    lines.push('');
    lines.push(
      '| refused callbacks | heapUsed before | heapUsed after | delta | heap every tenth (MiB) | store size after | time |',
    );
    lines.push('| ---: | ---: | ---: | ---: | --- | ---: | ---: |');
    lines.push(
      `| ${mem.callbacks.toLocaleString('en-US')} | ${mem.heapUsedBeforeMiB} MiB | ${mem.heapUsedAfterMiB} MiB | ${mem.heapDeltaMiB} MiB | ${mem.heapSeriesMiB.join(', ')} | ${mem.storeSizeAfter} | ${(mem.ms / 1000).toFixed(1)} s |`,
    );
    lines.push('');
    lines.push(
      `Refusals by code: ${Object.entries(mem.refusedByCode)
        .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
        .join(
          ', ',
        )}; accepted ${mem.accepted}; audit events ${mem.auditEvents.toLocaleString('en-US')}; jwks_uri fetches ${mem.jwksFetches}.`,
    );
    lines.push('');
  }

  const stores = results.suites.stores;
  if (stores) {
    lines.push('### Memory store and replay register at their bound (CPU per step)');
    lines.push('');
    lines.push(storesTable(stores.rows));
    lines.push('');
  }

  const refusal = results.suites.refusal;
  if (refusal) {
    lines.push('### CPU per refused callback (cookie store, RSA-OAEP-256 nested JWE responses)');
    lines.push('');
    lines.push('| browser holds | callbacks | CPU per callback | refused as |');
    lines.push('| --- | ---: | ---: | --- |');
    for (const c of refusal.cases) {
      lines.push(
        `| ${c.case} | ${c.callbacks.toLocaleString('en-US')} | ${c.cpuMicrosPerCallback} µs | ${Object.entries(
          c.refusedByCode,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')} |`,
      );
    }
    lines.push('');
    lines.push(`Refusing before decryption costs ${refusal.savedRatio}x less CPU than refusing after it.`);
    lines.push('');
  }

  const grant = results.suites.grant;
  if (grant) {
    lines.push('### Using the grant (DPoP-bound, memory session store, local AS and resource over loopback)');
    lines.push('');
    lines.push('| contender | ops/s | p50 | p99 | includes |');
    lines.push('| --- | ---: | ---: | ---: | --- |');
    for (const c of [...grant.profile.contenders, ...grant.vault.contenders])
      lines.push(`| ${c.name} | ${fmt(c.opsPerSec)} | ${c.p50Ms} ms | ${c.p99Ms} ms | ${c.includes} |`);
    lines.push('');
    const f = grant.singleFlight;
    lines.push(
      `Overhead of /api/profile against the bare route: ${(grant.profile.overhead * 100).toFixed(1)}%. ${f.concurrentCalls.toLocaleString('en-US')} concurrent calls on one expired grant: ${f.refreshRequests} refresh request(s) at the token endpoint, ${f.answered200} answered 200${
        Object.keys(f.other).length
          ? ` (others: ${Object.entries(f.other)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')})`
          : ''
      }, ${f.ms} ms in all.`,
    );
    lines.push('');
  }

  const mtls = results.suites.mtls;
  if (mtls) {
    lines.push('### The code exchange under mutual TLS (RFC 8705; ops/s, higher is better)');
    lines.push('');
    lines.push('| exchange | ops/s | p50 | p99 | over private_key_jwt over http |');
    lines.push('| --- | ---: | ---: | ---: | ---: |');
    const ratioOf: Record<string, number | undefined> = {
      'tls_client_auth over mutual TLS': mtls.ratios['tls_client_auth / private_key_jwt over http'],
      'private_key_jwt over mutual TLS': mtls.ratios['private_key_jwt over mutual TLS / over http'],
    };
    for (const c of mtls.contenders)
      lines.push(
        `| ${c.name} | ${fmt(c.opsPerSec)} | ${c.p50Ms} ms | ${c.p99Ms} ms | ${ratioOf[c.name] === undefined ? '—' : x(ratioOf[c.name])} |`,
      );
    lines.push('');
  }

  const transport = results.suites.fetch;
  if (transport) {
    lines.push('### The HTTP client (one token request to a local endpoint in another process)');
    lines.push('');
    lines.push(
      `CPU of the client process per request, median of ${transport.rounds} rounds of ${fmt(transport.requests)} requests in alternating order; the same form, the same ~800-byte JSON answer.`,
    );
    lines.push('');
    lines.push('| client | concurrent requests | CPU per request | req/s | fetch CPU ÷ leanFetch CPU (paired) |');
    lines.push('| --- | ---: | ---: | ---: | ---: |');
    for (const row of transport.rows)
      lines.push(
        `| ${row.client} | ${row.concurrency} | ${row.cpuUsPerRequest} µs | ${fmt(row.requestsPerSecond)} | ${row.client.startsWith('leanFetch') ? x(transport.cpuRatio[String(row.concurrency)]) : '—'} |`,
      );
    lines.push('');
  }

  const audit = results.suites.audit;
  if (audit) {
    lines.push('### A whole callback with the durable audit log (each record awaited before the callback returns)');
    lines.push('');
    lines.push(
      '| audit log | callbacks | one after another: mean callback | over no log | 16 at a time: callbacks/s | over no log |',
    );
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const c of audit.cases)
      lines.push(
        `| ${c.sink} | ${c.callbacks} | ${c.meanCallbackMs} ms | ${c.sink === 'none' ? '—' : `${c.overheadPercent} %`} | ${fmt(c.concurrentPerSecond)} | ${c.sink === 'none' ? '—' : `${c.concurrentOverheadPercent} %`} |`,
      );
    if (audit.skipped) lines.push('', `PostgreSQL skipped: ${audit.skipped}.`);
    lines.push('');
  }

  const http = results.suites.http;
  if (http) {
    lines.push(
      `### NestJS routes end to end (${http.app}, ${http.platform}, autocannon, ${http.connections.join(' and ')} connections)`,
    );
    lines.push('');
    lines.push(
      'Signet = the sample app with each `SIGNET_STORE` (memory is like for like: the bare app keeps pending logins in memory; cookie is the default: one sealed cookie per login; redis: a local redis-server). Overhead = bare req/s ÷ Signet req/s − 1.',
    );
    lines.push('');
    lines.push(
      '| route | connections | bare req/s (p50 / p99) | memory req/s (p50 / p99) | overhead | cookie req/s (p50 / p99) | overhead | redis req/s (p50 / p99) | overhead | non-2xx/3xx (bare / memory / cookie / redis) |',
    );
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    const bad = (l: { statusCodes: Record<string, number>; errors: number }) =>
      Object.entries(l.statusCodes)
        .filter(([s]) => !/^[23]/.test(s))
        .reduce((a, [, n]) => a + n, 0) + l.errors;
    const cell = (l: { rps: number; p50Ms: number; p99Ms: number }) => `${fmt(l.rps)} (${l.p50Ms} / ${l.p99Ms} ms)`;
    for (const r of http.routes) {
      const stores = r.stores.map((s) => `${cell(s.signet)} | ${(s.overhead * 100).toFixed(1)}%`).join(' | ');
      lines.push(
        `| ${r.route} | ${r.connections} | ${cell(r.bare)} | ${stores} | ${[r.bare, ...r.stores.map((s) => s.signet)].map(bad).join(' / ')} |`,
      );
    }
    lines.push('');
    if (http.routes.every((r) => r.bare.cpuUsPerRequest !== undefined)) {
      lines.push(
        "CPU time of the app's process per answered request (user + system, all its threads, from /proc), median run: what each request costs the app whatever else the machine runs. Overhead = Signet µs ÷ bare µs − 1.",
      );
      lines.push('');
      lines.push(
        '| route | connections | bare µs | memory µs | overhead | cookie µs | overhead | redis µs | overhead |',
      );
      lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
      for (const r of http.routes) {
        const stores = r.stores
          .map(
            (s) =>
              `${s.signet.cpuUsPerRequest ?? '—'} | ${s.cpuOverhead === undefined ? '—' : `${(s.cpuOverhead * 100).toFixed(1)}%`}`,
          )
          .join(' | ');
        lines.push(`| ${r.route} | ${r.connections} | ${r.bare.cpuUsPerRequest} | ${stores} |`);
      }
      lines.push('');
    }
    lines.push(
      "The pinned JARM verification under load (memory store; the B side runs with core's `pinnedVerifier` replaced by one that never pins, so jose verifies every response):",
    );
    lines.push('');
    lines.push('| route | connections | pinned req/s (p50 / p99) | jose req/s (p50 / p99) | pinned ÷ jose (paired) |');
    lines.push('| --- | ---: | ---: | ---: | ---: |');
    for (const r of http.routes) {
      const pinned = r.stores.find((s) => s.store === 'memory')!.signet;
      lines.push(
        `| ${r.route} | ${r.connections} | ${cell(pinned)} | ${cell(r.joseVerification.signet)} | ${x(r.joseVerification.pinnedOverJose)} |`,
      );
    }
    lines.push('');
  }

  if (results.targets?.length) {
    lines.push('### Targets (reported, not asserted)');
    lines.push('');
    lines.push('| target | measured | met |');
    lines.push('| --- | ---: | :---: |');
    for (const t of results.targets) lines.push(`| ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`);
    lines.push('');
  }
  if (Object.keys(results.failures).length) {
    lines.push(
      `Suites that did not complete: ${Object.entries(results.failures)
        .map(([s, e]) => `${s} (${e})`)
        .join('; ')}.`,
    );
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}
