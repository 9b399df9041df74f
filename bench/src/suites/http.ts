import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startTestAuthorizationServer, type TestAuthorizationServer } from '@signet/testing';
import { fixtures } from '../lib/keys.js';
import { ROOT } from '../lib/machine.js';
import type { MeasureOptions } from '../lib/measure.js';

export interface LoadResult {
  requests: number;
  durationSeconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /**
   * CPU time of the app's process per answered request, µs (user + system, every thread: the JavaScript thread,
   * libuv's pool, GC), read from /proc; absent where /proc is not. Unlike req/s it does not move when the
   * benchmark process or anything else takes a core from the app.
   */
  cpuUsPerRequest?: number;
}

/** The sample app under one `SIGNET_STORE`, against the bare route in the same runs. */
export interface StoreLoad {
  store: SignetStore;
  signet: LoadResult;
  /** bare rps / Signet rps − 1: the extra time Signet spends per request. */
  overhead: number;
  /** Signet's CPU per request ÷ the bare route's − 1 (median runs), when /proc gave both. */
  cpuOverhead?: number;
}

export interface RouteComparison {
  route: 'callback' | 'login';
  connections: number;
  bare: LoadResult;
  /** The sample with each store: memory (like for like: the bare app keeps pending logins in memory), cookie, redis. */
  stores: StoreLoad[];
  /**
   * The A/B of the pinned JARM verification: the memory-store sample with it switched off (jose's compactVerify
   * for every response), and the median over rounds of memory req/s ÷ that app's req/s in the same round.
   */
  joseVerification: { signet: LoadResult; pinnedOverJose: number };
  /** Per round, for the spread. */
  rounds: Array<Record<AppName, number>>;
  includes: { signet: string; bare: string };
}

export interface HttpResult {
  app: string;
  platform: string;
  connections: number[];
  callbacksPerRun: number;
  loginSeconds: number;
  rounds: number;
  routes: RouteComparison[];
  asCounts: TestAuthorizationServer['counts'];
  notes: string[];
}

const CLIENT_ID = 'bench-client';
const CONNECTIONS = [16, 64];
type SignetStore = 'memory' | 'cookie' | 'redis';
/** `memory-jose`: the memory-store sample with core's pinned JARM verification switched off (http/jose-verification.ts). */
type AppName = SignetStore | 'bare' | 'memory-jose';
const APPS: AppName[] = ['bare', 'memory', 'cookie', 'redis', 'memory-jose'];

let clockTicks: number | undefined;

/** CPU seconds (user + system, all threads) a process has used so far, from /proc/<pid>/stat; undefined off Linux. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    // Fields after the command name (which is in parentheses and may hold spaces): utime is 14th, stime 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return undefined;
  }
}

/** Runs `work` and adds the app's CPU per answered request to its result. */
async function withCpu(pid: number | undefined, work: () => Promise<LoadResult>): Promise<LoadResult> {
  const before = cpuSeconds(pid);
  const result = await work();
  const after = cpuSeconds(pid);
  if (before === undefined || after === undefined || result.requests === 0) return result;
  return { ...result, cpuUsPerRequest: Math.round(((after - before) * 1e6) / result.requests) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts an app process and waits for its "listening" line. */
function startApp(
  entry: string,
  env: Record<string, string>,
  profileAs?: string,
  preload: string[] = [],
): Promise<ChildProcess> {
  const profile = profileAs
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${fileURLToPath(new URL('bench/results/', ROOT))}`,
        `--cpu-prof-name=http-${profileAs}-${Date.now()}.cpuprofile`,
        '--import',
        new URL('../http/exit-on-signal.js', import.meta.url).href,
      ]
    : [];
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...profile, ...preload.flatMap((p) => ['--import', p]), entry], {
      env: { ...process.env, ...env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening/.test(output)) {
        proc.stdout!.off('data', onData);
        proc.stdout!.resume();
        resolve(proc);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    proc.once('exit', (code) =>
      reject(new Error(`${entry} exited with ${code} before listening: ${output.slice(-2000)}`)),
    );
  });
}

function stopApp(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.removeAllListeners('exit');
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
}

function load(result: autocannon.Result, measuredSeconds?: number): LoadResult {
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  const requests = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  const seconds = measuredSeconds ?? result.duration;
  return {
    requests,
    durationSeconds: Math.round(seconds * 100) / 100,
    rps: Math.round(requests / seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    meanMs: Math.round(result.latency.average * 100) / 100,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

/** Logs in `count` times (GET /login), lets the test AS answer each, and returns ready callback requests. */
async function prepareCallbacks(
  base: string,
  as: TestAuthorizationServer,
  count: number,
): Promise<Array<{ path: string; cookie: string }>> {
  const ready: Array<{ path: string; cookie: string }> = [];
  const one = async () => {
    const response = await fetch(`${base}/login`, { redirect: 'manual' });
    if (response.status !== 302)
      throw new Error(`login answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    const location = new URL(response.headers.get('location')!);
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const outcome = await as.authorize(location.href);
    if (outcome.kind !== 'redirect') throw new Error(`the AS answered a ${outcome.kind}, not a redirect`);
    const callback = new URL(outcome.url);
    ready.push({ path: callback.pathname + callback.search, cookie });
  };
  for (let i = 0; i < count; i += 16) await Promise.all(Array.from({ length: Math.min(16, count - i) }, one));
  return ready;
}

async function runCallbacks(
  base: string,
  queue: Array<{ path: string; cookie: string }>,
  connections: number,
): Promise<LoadResult> {
  const amount = queue.length;
  // A run bounded by `amount` ends on autocannon's next whole-second tick: time it to the last response instead.
  const started = Date.now();
  let last = started;
  const result = await autocannon({
    url: base,
    connections,
    amount,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const next = queue.pop()!;
          return { ...request, path: next.path, headers: { ...request.headers, cookie: next.cookie } };
        },
        onResponse: () => {
          last = Date.now();
        },
      },
    ],
  });
  return load(result, (last - started) / 1000);
}

async function runLogins(base: string, seconds: number, connections: number): Promise<LoadResult> {
  return load(await autocannon({ url: `${base}/login`, connections, duration: seconds }));
}

/** A private redis-server on a free loopback port (no persistence), for SIGNET_STORE=redis. */
async function startRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const proc = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready to accept connections/.test(output)) resolve();
    });
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output.slice(-500)}`)));
  });
  proc.stdout!.resume();
  return { url: `redis://127.0.0.1:${port}`, stop: () => stopApp(proc) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median run of each figure: one disturbed run (another process on a 2-core machine) does not move it. */
function typical(results: LoadResult[]): LoadResult {
  const statusCodes: Record<string, number> = {};
  for (const r of results)
    for (const [k, v] of Object.entries(r.statusCodes)) statusCodes[k] = (statusCodes[k] ?? 0) + v;
  const round2 = (n: number) => Math.round(n * 100) / 100;
  return {
    requests: results.reduce((a, r) => a + r.requests, 0),
    durationSeconds: round2(results.reduce((a, r) => a + r.durationSeconds, 0)),
    rps: Math.round(median(results.map((r) => r.rps))),
    p50Ms: round2(median(results.map((r) => r.p50Ms))),
    p99Ms: round2(median(results.map((r) => r.p99Ms))),
    meanMs: round2(median(results.map((r) => r.meanMs))),
    errors: results.reduce((a, r) => a + r.errors, 0),
    timeouts: results.reduce((a, r) => a + r.timeouts, 0),
    statusCodes,
    ...(results.every((r) => r.cpuUsPerRequest !== undefined)
      ? { cpuUsPerRequest: Math.round(median(results.map((r) => r.cpuUsPerRequest!))) }
      : {}),
  };
}

/**
 * autocannon on loopback against the sample app (apps/sample-rp, Express) and against a bare Nest app doing
 * the same work by hand, each in its own process, with a local AS (this process) that answers at once.
 */
export async function run(
  options: MeasureOptions & { scale: number; autocannonSeconds: number; profile?: boolean },
): Promise<HttpResult> {
  const sampleEntry = fileURLToPath(new URL('apps/sample-rp/dist/main.js', ROOT));
  const bareEntry = fileURLToPath(new URL('../http/bare-app.js', import.meta.url));
  if (!existsSync(sampleEntry)) throw new Error(`${sampleEntry} is missing: build first (npm run build)`);
  const keys = await fixtures();
  const as = await startTestAuthorizationServer({
    clientId: CLIENT_ID,
    signingKey: keys.asSigning.ES256,
    skipClientChecks: true,
    signIdTokensAtAuthorization: true,
  });
  const callbacks = Math.max(200, Math.round(1500 * options.scale));
  const rounds = options.scale >= 1 ? 3 : 1;
  const measured = new Map<string, LoadResult[]>(); // `${app} ${route} ${connections}`
  const record = (app: AppName, route: string, connections: number, result: LoadResult) => {
    const key = `${app} ${route} ${connections}`;
    measured.set(key, [...(measured.get(key) ?? []), result]);
  };
  const redis = await startRedis();
  try {
    // Rotating orders: a drift of the machine during the run falls on every app alike.
    const order: AppName[] = [];
    for (let round = 0; round < rounds; round += 1) order.push(...(round % 2 ? [...APPS].reverse() : APPS));
    // The first app measured would also pay for warming this process (autocannon, the test AS): a throwaway
    // bare run comes first.
    for (const name of ['warm-up' as const, ...order]) {
      const app: AppName = name === 'warm-up' ? 'bare' : name;
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const proc = await startApp(
        app === 'bare' ? bareEntry : sampleEntry,
        {
          SIGNET_STORE: app === 'bare' || app === 'memory-jose' ? 'memory' : app,
          ...(app === 'redis' ? { SIGNET_REDIS_URL: redis.url } : {}),
          SIGNET_ISSUER: as.issuer,
          SIGNET_CLIENT_ID: CLIENT_ID,
          SIGNET_REDIRECT_URI: `${base}/callback`,
          SIGNET_SIGNING_KEY: JSON.stringify(keys.clientSigning.ES256.privateJwk),
          SIGNET_COOKIE_SECRET: randomBytes(32).toString('base64url'),
          SIGNET_PLATFORM: 'express',
          PORT: String(port),
          HOST: '127.0.0.1',
        },
        options.profile && name !== 'warm-up' ? name : undefined,
        app === 'memory-jose' ? [new URL('../http/jose-verification.js', import.meta.url).href] : [],
      );
      try {
        // Warm-up (JIT, discovery, JWKS): a few hundred logins and callbacks, not recorded.
        await runCallbacks(base, await prepareCallbacks(base, as, 300), CONNECTIONS[0]!);
        await runLogins(base, 1, CONNECTIONS[0]!);
        if (name === 'warm-up') continue;
        for (const connections of CONNECTIONS) {
          const login = await withCpu(proc.pid, () => runLogins(base, options.autocannonSeconds, connections));
          const queue = await prepareCallbacks(base, as, callbacks);
          const callback = await withCpu(proc.pid, () => runCallbacks(base, queue, connections));
          record(app, 'login', connections, login);
          record(app, 'callback', connections, callback);
          process.stderr.write(
            `  http ${app} @${connections}: login ${login.rps}/s (${login.cpuUsPerRequest ?? '?'} µs CPU), callback ${callback.rps}/s (${callback.cpuUsPerRequest ?? '?'} µs CPU)\n`,
          );
        }
      } finally {
        await stopApp(proc);
      }
    }
    const routes: RouteComparison[] = [];
    for (const connections of CONNECTIONS)
      for (const route of ['callback', 'login'] as const) {
        const runs = (app: AppName) => measured.get(`${app} ${route} ${connections}`)!;
        const bare = typical(runs('bare'));
        routes.push({
          route,
          connections,
          bare,
          stores: (['memory', 'cookie', 'redis'] as const).map((store) => {
            const signet = typical(runs(store));
            const cpu =
              signet.cpuUsPerRequest !== undefined && bare.cpuUsPerRequest
                ? { cpuOverhead: Math.round((signet.cpuUsPerRequest / bare.cpuUsPerRequest - 1) * 1000) / 1000 }
                : {};
            return { store, signet, overhead: Math.round((bare.rps / signet.rps - 1) * 1000) / 1000, ...cpu };
          }),
          joseVerification: {
            signet: typical(runs('memory-jose')),
            pinnedOverJose:
              Math.round(median(runs('memory').map((m, i) => m.rps / runs('memory-jose')[i]!.rps)) * 100) / 100,
          },
          rounds: runs('bare').map(
            (_, i) => Object.fromEntries(APPS.map((a) => [a, runs(a)[i]!.rps])) as Record<AppName, number>,
          ),
          includes:
            route === 'callback'
              ? {
                  signet:
                    'sample-rp GET /callback (@SignetCallback guard): JARM acceptance (verifyAuthorizationResponse), code exchange over loopback HTTP (leanFetch) with private_key_jwt, ID token validation, audit event to the approval log, signed session cookie, 303',
                  bare: 'bare Nest GET /callback: jose jwtVerify of the JARM response (remote JWKS), state and binding cookie, token request over loopback HTTP (Node fetch) with a jose-signed assertion, jose jwtVerify of the ID token + nonce, HMAC session cookie, 303',
                }
              : {
                  signet:
                    'sample-rp GET /login (@SignetLogin): parameters validated, PKCE, signed request object (ES256), PAR over loopback HTTP (leanFetch) with private_key_jwt, transaction saved in the chosen store (SIGNET_STORE), binding cookie, audit event, 302',
                  bare: 'bare Nest GET /login: PKCE, jose SignJWT request object (ES256), PAR over loopback HTTP (Node fetch) with a jose-signed assertion, pending login in a bounded Map, binding cookie, 302',
                },
        });
      }
    return {
      app: 'apps/sample-rp',
      platform: 'express',
      connections: CONNECTIONS,
      callbacksPerRun: callbacks,
      loginSeconds: options.autocannonSeconds,
      rounds,
      routes,
      asCounts: { ...as.counts },
      notes: [
        'Each app runs alone in its own process; autocannon and the test AS share the benchmark process (2 cores in all); redis-server runs beside them for SIGNET_STORE=redis.',
        'The test AS signs ID tokens and JARM responses while the callbacks are prepared, so its token endpoint answers from memory.',
        'Responses are signed JWS (ES256), not encrypted; scope openid (an ID token is validated on both sides).',
      ],
    };
  } finally {
    await redis.stop();
    await as.close();
  }
}
