import { spawn, type ChildProcess } from 'node:child_process';
import { leanFetch } from '@signet/core';

export interface FetchRow {
  client: string;
  concurrency: number;
  /** CPU time of this process (the client) per request, µs, median of the rounds. */
  cpuUsPerRequest: number;
  requestsPerSecond: number;
}

export interface FetchResult {
  requests: number;
  rounds: number;
  rows: FetchRow[];
  /** fetch's CPU per request ÷ leanFetch's, per concurrency (median of the per-round ratios). */
  cpuRatio: Record<string, number>;
}

/**
 * The token endpoint, in a process of its own so that its CPU is not counted: answers an ~800-byte JSON body with
 * its content-length, as an AS over HTTP/1.1 does.
 */
const SERVER = `
const { createServer } = require('node:http');
const body = JSON.stringify({ access_token: 'a'.repeat(43), token_type: 'DPoP', expires_in: 300, scope: 'openid', id_token: 'e'.repeat(700) });
createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
    res.end(body);
  });
}).listen(0, '127.0.0.1', function () { process.stdout.write(String(this.address().port) + '\\n'); });
`;

function startServer(): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    proc.stdout!.once('data', (chunk: Buffer) =>
      resolve({ proc, url: `http://127.0.0.1:${chunk.toString().trim()}/token` }),
    );
    proc.once('exit', (code) => reject(new Error(`the token endpoint exited with ${code}`)));
  });
}

/** The form of a code exchange with a private_key_jwt assertion, as oauth4webapi sends it. */
function tokenRequest(): RequestInit {
  return {
    method: 'POST',
    redirect: 'manual',
    signal: AbortSignal.timeout(5000),
    headers: {
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
      'user-agent': 'bench',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: 'c'.repeat(43),
      redirect_uri: 'http://127.0.0.1:3000/callback',
      code_verifier: 'v'.repeat(43),
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: 'j'.repeat(520),
    }),
  };
}

async function measure(
  send: typeof fetch,
  url: string,
  count: number,
  concurrency: number,
): Promise<{ cpuUs: number; rps: number }> {
  let next = 0;
  const started = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) {
        const response = await send(url, tokenRequest());
        if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}`);
        await response.json();
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(started);
  return { cpuUs: (used.user + used.system) / count, rps: count / seconds };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Issue 15: the HTTP client alone. Node's fetch against `leanFetch` (Signet's default transport: undici's
 * request() through the global dispatcher, answering a Response), the same token request to the same local
 * endpoint, one at a time and 16 at a time; CPU of this process per request, rounds in alternating order.
 */
export async function run(options: { scale: number; rounds: number }): Promise<FetchResult> {
  const { proc, url } = await startServer();
  const requests = Math.max(200, Math.round(4000 * options.scale));
  const rounds = Math.max(3, options.rounds);
  const clients: Array<[string, typeof fetch]> = [
    ['fetch (Node)', globalThis.fetch],
    ['leanFetch (Signet)', leanFetch(globalThis.fetch)],
  ];
  try {
    const rows: FetchRow[] = [];
    const cpuRatio: Record<string, number> = {};
    for (const concurrency of [1, 16]) {
      for (const [, send] of clients) await measure(send, url, Math.min(500, requests), concurrency); // warm-up
      const runs = new Map<string, Array<{ cpuUs: number; rps: number }>>();
      for (let round = 0; round < rounds; round += 1) {
        const order = round % 2 === 0 ? clients : [...clients].reverse();
        for (const [name, send] of order) {
          const list = runs.get(name) ?? [];
          list.push(await measure(send, url, requests, concurrency));
          runs.set(name, list);
        }
      }
      for (const [name] of clients) {
        const list = runs.get(name)!;
        rows.push({
          client: name,
          concurrency,
          cpuUsPerRequest: Math.round(median(list.map((r) => r.cpuUs)) * 10) / 10,
          requestsPerSecond: Math.round(median(list.map((r) => r.rps))),
        });
      }
      const fetchRuns = runs.get(clients[0]![0])!;
      const leanRuns = runs.get(clients[1]![0])!;
      cpuRatio[String(concurrency)] =
        Math.round(median(fetchRuns.map((r, i) => r.cpuUs / leanRuns[i]!.cpuUs)) * 100) / 100;
    }
    return { requests, rounds, rows, cpuRatio };
  } finally {
    proc.kill();
  }
}
