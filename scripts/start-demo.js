// `npm start`: builds, then runs the development authorization server (apps/dev-as) and the sample relying
// party (apps/sample-rp) together, wired to each other with throwaway keys in the git-ignored .dev-keys/.
// Ctrl-C stops both. Development only: the keys, the users and the AS are fake.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const host = '127.0.0.1';
const asPort = process.env.DEV_AS_PORT || '9400';
const rpPort = process.env.PORT || '3000';
const keysDir = resolve(process.env.DEV_KEYS_DIR || join(root, '.dev-keys'));
const issuer = `http://${host}:${asPort}`;
const app = `http://${host}:${rpPort}`;
const clientId = 'sample-rp';
const redirectUri = `${app}/callback`;
// `npm run start:partners`: a second issuer, partner "bankB", beside the first (SIGNET_CLIENTS on the sample).
const partners = process.argv.includes('--partners');
const partnerPort = process.env.DEV_AS_PARTNER_PORT || '9401';
const partnerIssuer = `http://${host}:${partnerPort}`;
const partnerKeysDir = join(keysDir, 'bank-b');
const partnerPolicyFile = resolve(join(root, 'apps/sample-rp/policy.bank-b.example.yaml'));

/** Demo choices a developer may change from the shell; every other SIGNET_* variable is set here. */
const TUNABLE = [
  'SIGNET_PLATFORM',
  'SIGNET_RESPONSE_MODE',
  'SIGNET_SCOPE',
  'SIGNET_CLOCK_TOLERANCE',
  'SIGNET_AUDIT_FILE',
  'SIGNET_ADMIN_SUBJECTS',
  'SIGNET_POLICY_FILE',
  'SIGNET_SESSION_STORE',
  'SIGNET_REDIS_URL',
  'SIGNET_DPOP',
  'SIGNET_USERINFO',
];
/** The durable approval log: kept across restarts of the demo (git-ignored), or where the shell says. */
const auditFile = resolve(process.env.SIGNET_AUDIT_FILE || join(root, '.demo', 'audit.jsonl'));
/** Who may read it: the demo's default user. */
const adminSubjects = process.env.SIGNET_ADMIN_SUBJECTS || 'alice';
/** The reviewed-scope policy the demo enforces. */
const sessionStore = process.env.SIGNET_SESSION_STORE || 'memory';
const policyFile = resolve(process.env.SIGNET_POLICY_FILE || join(root, 'apps/sample-rp/policy.example.yaml'));

function inheritedEnv() {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('SIGNET_') && !TUNABLE.includes(name)) delete env[name];
  return env;
}

function build() {
  if (process.env.SKIP_BUILD === '1') return;
  console.log('building @signet/dev-as and @signet/sample-rp (and what they depend on)...');
  const result = spawnSync(
    'npx',
    ['nx', 'run-many', '-t', 'build', '-p', '@signet/dev-as', '@signet/sample-rp', '--output-style=static'],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0) {
    console.error('start-demo: the build failed; see above.');
    process.exit(result.status ?? 1);
  }
}

/** Runs a child with its output prefixed, so the two logs stay readable side by side. */
function run(name, script, env) {
  const child = spawn(process.execPath, [script], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (stream, out) => {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) out.write(`[${name}] ${line}\n`);
    });
    stream.on('end', () => rest && out.write(`[${name}] ${rest}\n`));
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  return child;
}

async function waitFor(url, child, seconds = 30) {
  for (let i = 0; i < seconds * 10; i += 1) {
    if (child.exitCode !== null) return false;
    try {
      const res = await fetch(url, { redirect: 'manual' });
      await res.body?.cancel();
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return false;
}

build();
// Created once here, before either process starts, so the two never race to write different keys.
const { loadOrCreateDevKeys, loadOrCreateDevMtls } = await import(
  pathToFileURL(join(root, 'apps/dev-as/dist/index.js')).href
);
await loadOrCreateDevKeys(keysDir);
const rpKeys = join(keysDir, 'rp.json');
if (partners) await loadOrCreateDevKeys(partnerKeysDir);
const partnerRpKeys = join(partnerKeysDir, 'rp.json');
// DEV_AS_MTLS=true: mutual TLS (RFC 8705) between the two, with a throwaway CA under .dev-keys/mtls/.
const mtls = process.env.DEV_AS_MTLS === 'true' ? await loadOrCreateDevMtls(keysDir, clientId, host) : undefined;
if (partners && mtls) {
  console.error('start-demo: --partners does not combine with DEV_AS_MTLS=true; run one or the other.');
  process.exit(1);
}
const mtlsEnv = mtls
  ? {
      SIGNET_CLIENT_AUTH: 'tls_client_auth',
      SIGNET_TLS_CERT_FILE: mtls.files.clientCertificate,
      SIGNET_TLS_KEY_FILE: mtls.files.clientKey,
      SIGNET_TLS_CA_FILE: mtls.files.ca,
    }
  : {};

const children = [];
let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  const timer = setTimeout(() => process.exit(code), 5000);
  timer.unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(() =>
    process.exit(code),
  );
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const devAs = run('dev-as', 'apps/dev-as/dist/main.js', {
  ...inheritedEnv(),
  PORT: asPort,
  HOST: host,
  DEV_KEYS_DIR: keysDir,
  SIGNET_CLIENT_ID: clientId,
  SIGNET_REDIRECT_URI: redirectUri,
  DEV_AS_ENCRYPT_RESPONSES: 'true',
  ...(mtls ? { DEV_AS_MTLS: 'true' } : {}),
});
const partnerAs = partners
  ? run('dev-as-b', 'apps/dev-as/dist/main.js', {
      ...inheritedEnv(),
      PORT: partnerPort,
      HOST: host,
      DEV_KEYS_DIR: partnerKeysDir,
      SIGNET_CLIENT_ID: 'sample-rp-bank-b',
      SIGNET_REDIRECT_URI: `${app}/callback/bankB`,
      DEV_AS_BACKCHANNEL_LOGOUT_URI: `${app}/backchannel-logout/bankB`,
      DEV_AS_ENCRYPT_RESPONSES: 'true',
    })
  : undefined;
const partnerEnv = partners
  ? {
      SIGNET_CLIENTS: 'bankB',
      SIGNET_BANKB_ISSUER: partnerIssuer,
      SIGNET_BANKB_CLIENT_ID: 'sample-rp-bank-b',
      SIGNET_BANKB_REDIRECT_URI: `${app}/callback/bankB`,
      SIGNET_BANKB_SIGNING_KEY_FILE: partnerRpKeys,
      SIGNET_BANKB_DECRYPTION_KEY_FILE: partnerRpKeys,
      SIGNET_BANKB_POLICY_FILE: partnerPolicyFile,
    }
  : {};
const sampleRp = run('sample-rp', 'apps/sample-rp/dist/main.js', {
  ...inheritedEnv(),
  PORT: rpPort,
  HOST: host,
  SIGNET_ISSUER: issuer,
  SIGNET_CLIENT_ID: clientId,
  SIGNET_REDIRECT_URI: redirectUri,
  SIGNET_SIGNING_KEY_FILE: rpKeys,
  SIGNET_DECRYPTION_KEY_FILE: rpKeys,
  SIGNET_SCOPE: process.env.SIGNET_SCOPE || 'openid profile email',
  // Sessions of the demo end with it: a fresh secret per start.
  SIGNET_COOKIE_SECRET: randomBytes(32).toString('base64url'),
  SIGNET_AUDIT_FILE: auditFile,
  SIGNET_ADMIN_SUBJECTS: adminSubjects,
  ...mtlsEnv,
  SIGNET_POLICY_FILE: policyFile,
  // Server-side sessions by default: the grant (DPoP-bound, refreshed, revocable) stays on the server.
  SIGNET_SESSION_STORE: sessionStore,
  ...(process.env.SIGNET_REDIS_URL ? { SIGNET_REDIS_URL: process.env.SIGNET_REDIS_URL } : {}),
  SIGNET_DPOP: process.env.SIGNET_DPOP || (mtls ? 'false' : 'true'),
  SIGNET_USERINFO: process.env.SIGNET_USERINFO || (sessionStore === 'cookie' ? 'false' : 'true'),
  ...partnerEnv,
});
children.push(devAs, sampleRp, ...(partnerAs ? [partnerAs] : []));
for (const [name, child] of [
  ['dev-as', devAs],
  ['sample-rp', sampleRp],
  ...(partnerAs ? [['dev-as-b', partnerAs]] : []),
]) {
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`start-demo: ${name} stopped (${signal ?? `exit ${code}`}); stopping the other.`);
    stop(code || 1);
  });
}

const ready =
  (await waitFor(`${issuer}/.well-known/openid-configuration`, devAs)) &&
  (!partnerAs || (await waitFor(`${partnerIssuer}/.well-known/openid-configuration`, partnerAs))) &&
  (await waitFor(`${app}/`, sampleRp));
if (ready && !stopping) {
  console.log(`
  Signet demo is running.
    Open ${app}/ and sign in as "alice" (any password).
    Authorization server: ${issuer}   keys: ${keysDir} (throwaway)${
      partnerAs
        ? `\n    Partner bankB: ${partnerIssuer}   keys: ${partnerKeysDir} ("Sign in with bankB" on the home page)`
        : ''
    }${mtls ? `\n    Mutual TLS: tls_client_auth with ${mtls.files.clientCertificate} (certificate-bound tokens)` : ''}
    Sessions: ${sessionStore}${sessionStore === 'cookie' ? ' (stateless, no grant kept)' : ' (server-side, encrypted grant; "Call the API" on the home page)'}; access tokens live ${process.env.DEV_AS_ACCESS_TOKEN_TTL || '600'} s
    Audit log: ${auditFile} (hash-chained; administrators: ${adminSubjects}; verify: npx signet audit verify ${auditFile})
  Ctrl-C stops ${partnerAs ? 'all three' : 'both'}.
`);
}
