// `npm run fuzz -- --runs 100000 [--seed N]`: the long run of the differential fuzz suite
// (packages/core/test/fuzz). Runs Jest on that suite alone with FUZZ_RUNS / FUZZ_SEED, then prints the counts
// (runs, deliveries, accepted, token requests, refusals by code) that SECURITY.md records.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(`--${name}`);
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  const value = inline ? inline.slice(name.length + 3) : i >= 0 ? args[i + 1] : undefined;
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) {
    console.error(`--${name} must be a positive integer (got "${value}")`);
    process.exit(2);
  }
  return value;
}
const runs = option('runs', '10000');
const seed = option('seed', '20261201');
const dir = mkdtempSync(join(tmpdir(), 'signet-fuzz-'));
// FUZZ_REPORT keeps the report (written every 250 runs) where a stopped long run can still be read.
const report = process.env.FUZZ_REPORT || join(dir, 'report.json');
const started = Date.now();
const jest = spawnSync(
  process.execPath,
  ['node_modules/jest/bin/jest.js', 'packages/core/test/fuzz', '--selectProjects', 'core'],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_OPTIONS: '--experimental-vm-modules --disable-warning=ExperimentalWarning',
      FUZZ_RUNS: runs,
      FUZZ_SEED: seed,
      FUZZ_REPORT: report,
    },
  },
);
try {
  const counts = JSON.parse(readFileSync(report, 'utf8'));
  console.log(JSON.stringify({ ...counts, seconds: Math.round((Date.now() - started) / 1000) }, null, 2));
} catch {
  console.error('the fuzz suite wrote no report');
}
rmSync(dir, { recursive: true, force: true });
process.exit(jest.status ?? 1);
