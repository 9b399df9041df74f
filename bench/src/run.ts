import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine, ROOT } from './lib/machine.js';
import { evaluateTargets, markdown, type Results } from './report.js';

/**
 * `npm run bench` (after the build the npm script runs first). Each suite runs in its own Node process;
 * the results go to bench/results/<date>-<name>.json and, between markers, to BENCHMARKS.md.
 *
 * Flags: --quick (short timings, a smoke run, writes nothing unless --write), --only=jarm,jar,jwks,memory,refusal,stores,grant,mtls,audit,http,
 * --name=<label> (file name; default: <platform>-<cores>c-node<major>), --profile (node --cpu-prof per suite,
 * profiles in bench/results/), --no-doc (leave BENCHMARKS.md alone).
 */
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const value = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = flag('quick');
const suites = (value('only') ?? 'jarm,jar,jwks,memory,refusal,stores,grant,mtls,audit,fetch,http').split(',');
const options = {
  ...(quick
    ? { time: 60, rounds: 1, warmupTime: 20, scale: 0.05, autocannonSeconds: 1 }
    : { time: 150, rounds: 8, warmupTime: 200, scale: 1, autocannonSeconds: 4 }),
  profile: flag('profile'),
};

const resultsDir = fileURLToPath(new URL('bench/results/', ROOT));
const child = fileURLToPath(new URL('child.js', import.meta.url));

function runSuite(suite: string, out: string): Promise<void> {
  const nodeArgs = [
    ...(suite === 'memory' ? ['--expose-gc'] : []),
    ...(flag('profile')
      ? ['--cpu-prof', `--cpu-prof-dir=${resultsDir}`, `--cpu-prof-name=${suite}-${Date.now()}.cpuprofile`]
      : []),
    child,
    suite,
    out,
  ];
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, nodeArgs, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, BENCH_OPTIONS: JSON.stringify(options) },
    });
    proc.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`suite ${suite} exited with ${code}`))));
    proc.on('error', reject);
  });
}

/** Formats the document as `npm run lint` expects (prettier is a root devDependency); unformatted without it. */
async function prettier(text: string, path: string): Promise<string> {
  try {
    const { format, resolveConfig } = await import('prettier');
    return await format(text, { ...(await resolveConfig(path)), filepath: path });
  } catch {
    return text;
  }
}

async function main(): Promise<void> {
  const machine = describeMachine();
  process.stderr.write(
    `signet bench on ${machine.cpuModel} (${machine.cores} cores), node ${machine.node}${quick ? ' (quick)' : ''}\n`,
  );
  const tmp = mkdtempSync(join(tmpdir(), 'signet-bench-'));
  const started = Date.now();
  const results: Results = {
    date: new Date().toISOString(),
    quick,
    options,
    machine,
    loadAverage: { before: loadavg().map((n) => Math.round(n * 100) / 100) },
    suites: {},
    failures: {},
    durationsSeconds: {},
  };
  try {
    for (const suite of suites) {
      const out = join(tmp, `${suite}.json`);
      const t0 = Date.now();
      process.stderr.write(`${suite}...\n`);
      try {
        await runSuite(suite, out);
        (results.suites as Record<string, unknown>)[suite] = JSON.parse(readFileSync(out, 'utf8'));
      } catch (err) {
        results.failures[suite] = err instanceof Error ? err.message : String(err);
      }
      results.durationsSeconds[suite] = Math.round((Date.now() - t0) / 100) / 10;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  results.durationsSeconds.total = Math.round((Date.now() - started) / 100) / 10;
  results.loadAverage.after = loadavg().map((n) => Math.round(n * 100) / 100);
  results.targets = evaluateTargets(results);
  const table = markdown(results);
  process.stdout.write(`\n${table}\n`);

  if (!quick || flag('write')) {
    mkdirSync(resultsDir, { recursive: true });
    const name = value('name') ?? `${process.platform}-${machine.cores}c-node${process.versions.node.split('.')[0]}`;
    const file = join(resultsDir, `${results.date.slice(0, 10)}-${name}.json`);
    writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
    process.stderr.write(`results: ${file}\n`);
    if (!flag('no-doc')) {
      const docPath = fileURLToPath(new URL('BENCHMARKS.md', ROOT));
      const doc = readFileSync(docPath, 'utf8');
      const start = '<!-- bench:results:start -->';
      const end = '<!-- bench:results:end -->';
      const from = doc.indexOf(start);
      const to = doc.indexOf(end);
      if (from >= 0 && to > from) {
        writeFileSync(
          docPath,
          await prettier(`${doc.slice(0, from + start.length)}\n${table}\n${doc.slice(to)}`, docPath),
        );
        process.stderr.write(`summary: ${docPath}\n`);
      }
    }
  }
  if (Object.keys(results.failures).length > 0) {
    process.stderr.write(
      `failed suites: ${Object.entries(results.failures)
        .map(([s, e]) => `${s} (${e})`)
        .join(', ')}\n`,
    );
    process.exitCode = 1;
  }
}

await main();
