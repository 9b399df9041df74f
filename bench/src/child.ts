import { writeFileSync } from 'node:fs';

/**
 * Runs one suite in its own process (fresh JIT and heap; --expose-gc where it needs it) and writes its result
 * as JSON to the file named by the second argument. Options arrive as JSON in BENCH_OPTIONS.
 */
const [suite, out] = process.argv.slice(2);
const options = JSON.parse(process.env.BENCH_OPTIONS ?? '{}') as {
  time: number;
  rounds: number;
  warmupTime: number;
  scale: number;
  autocannonSeconds: number;
};

async function main(): Promise<unknown> {
  switch (suite) {
    case 'jarm':
      return (await import('./suites/jarm.js')).run(options);
    case 'jar':
      return (await import('./suites/jar.js')).run(options);
    case 'jwks':
      return (await import('./suites/jwks.js')).run(options.scale);
    case 'memory':
      return (await import('./suites/memory.js')).run(options.scale);
    case 'refusal':
      return (await import('./suites/refusal.js')).run(options.scale);
    case 'stores':
      return (await import('./suites/stores.js')).run(options.scale);
    case 'grant':
      return (await import('./suites/grant.js')).run(options);
    case 'mtls':
      return (await import('./suites/mtls.js')).run(options);
    case 'audit':
      return (await import('./suites/audit.js')).run(options.scale);
    case 'http':
      return (await import('./suites/http.js')).run(options);
    case 'fetch':
      return (await import('./suites/fetch.js')).run(options);
    default:
      throw new Error(`unknown suite ${suite}`);
  }
}

main().then(
  (result) => {
    writeFileSync(out!, JSON.stringify(result, null, 2));
    process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`${suite} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
