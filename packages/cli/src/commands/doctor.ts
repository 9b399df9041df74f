import { Option } from 'commander';
import {
  CLIENT_ASSERTION_AUDIENCES,
  diagnoseIssuer,
  pushTestRequest,
  type DoctorReport,
  type EndpointFailure,
  type KeyMaterial,
  type PushOutcome,
} from '@signet/core';
import { CliError } from '../lib/cli-error.js';
import type { SignetCommand } from '../lib/command.js';
import { EXIT_CODES } from '../lib/exit-codes.js';
import { readInput } from '../lib/read-input.js';

const MARK = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' } as const;

/** The signing key of FILE: a private JWK, the first key of a JWKS not marked for encryption, or a PEM. */
function signingKeyIn(text: string, file: string): KeyMaterial {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return trimmed;
  let parsed: { keys?: Array<{ use?: string }> } & Record<string, unknown>;
  try {
    parsed = JSON.parse(trimmed) as typeof parsed;
  } catch {
    // No cause: the parser's message quotes the text around the error, which is key material.
    throw new CliError(EXIT_CODES.INPUT, 'ERR_CLI_INPUT_INVALID', `"${file}" is neither a JWK, a JWKS nor a PEM`);
  }
  if (!Array.isArray(parsed.keys)) return parsed as KeyMaterial;
  const key = parsed.keys.find((k) => k.use !== 'enc');
  if (!key) throw new CliError(EXIT_CODES.INPUT, 'ERR_CLI_INPUT_INVALID', `"${file}" holds no signing key`);
  return key as KeyMaterial;
}

function describeAnswer(endpoint: EndpointFailure | undefined): string[] {
  if (!endpoint) return [];
  return [
    `  endpoint: ${endpoint.endpoint} ${endpoint.url ?? ''}`.trimEnd(),
    `  status:   ${endpoint.status ?? `no answer (${endpoint.transport ?? 'network'})`}`,
    `  body:     ${endpoint.body}${endpoint.contentType ? ` (${endpoint.contentType})` : ''}`,
    ...(endpoint.error ? [`  error:    ${endpoint.error}`] : []),
    ...(endpoint.errorDescription ? [`  error_description: ${endpoint.errorDescription}`] : []),
  ];
}

function table(report: DoctorReport, push: PushOutcome | undefined): string {
  const lines = [`signet doctor ${report.issuer} (profile ${report.profile})`];
  if (report.discoveryUrl) lines.push(`discovery: ${report.discoveryUrl}`);
  if (report.discoveryFailure) lines.push('discovery failed:', ...describeAnswer(report.discoveryFailure));
  const width = Math.max(0, ...report.checks.map((c) => c.id.length));
  for (const check of report.checks) {
    lines.push(`${MARK[check.status]}  ${check.id.padEnd(width)}  ${check.title}: ${check.detail}  [${check.clause}]`);
  }
  if (push?.outcome === 'pushed') lines.push(`PASS  push: the server accepted the signed request (${push.delivery})`);
  if (push?.outcome === 'refused')
    lines.push(`FAIL  push: ${push.code}: ${push.message}`, ...describeAnswer(push.endpoint));
  const count = (status: string) => report.checks.filter((c) => c.status === status).length;
  lines.push(
    `verdict: ${report.verdict} (${count('pass')} passed, ${count('warn')} warnings, ${count('fail')} failed)`,
  );
  return lines.join('\n');
}

/**
 * `signet doctor --issuer URL`: grades the server's discovery document against a profile and, with `--push`,
 * starts one real login (signed request object, PAR, client assertion) to report exactly what the server answers.
 */
export const doctor: SignetCommand = {
  path: 'doctor',
  summary: "Grade an authorization server's discovery against a FAPI profile; optionally push one PAR request",
  configure: (command) =>
    command
      .requiredOption('--issuer <url>', 'the issuer identifier, exactly as the client will be configured')
      .addOption(
        new Option('--profile <profile>', 'profile to grade against')
          .choices(['fapi2', 'fapi1-advanced'])
          .default('fapi2'),
      )
      .option('--push', 'also push one signed authorization request (needs --client-id, --key, --redirect-uri)')
      .option('--client-id <id>', 'client_id registered at the server (for --push)')
      .option('--key <file>', "the client's private signing key: JWK, JWKS or PKCS#8 PEM (for --push)")
      .option('--redirect-uri <url>', 'the registered redirect URI (for --push)')
      .addOption(
        new Option('--client-assertion-audience <aud>', 'compatibility option to try (for --push)').choices([
          ...CLIENT_ASSERTION_AUDIENCES,
        ]),
      ),
  async run({ options }) {
    const issuer = options.issuer as string;
    const profile = options.profile as 'fapi2' | 'fapi1-advanced';
    try {
      new URL(issuer);
    } catch {
      throw new CliError(EXIT_CODES.USAGE, 'ERR_CLI_USAGE', `--issuer "${issuer}" is not an absolute URL`);
    }
    let push: PushOutcome | undefined;
    if (options.push) {
      const missing = ['clientId', 'key', 'redirectUri'].filter((name) => typeof options[name] !== 'string');
      if (missing.length > 0) {
        const flags = missing.map((name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
        throw new CliError(EXIT_CODES.USAGE, 'ERR_CLI_USAGE', `--push needs ${flags.join(', ')}`);
      }
      const file = options.key as string;
      push = await pushTestRequest({
        issuer,
        profile,
        clientId: options.clientId as string,
        redirectUri: options.redirectUri as string,
        signingKey: signingKeyIn(await readInput(file), file),
        ...(options.clientAssertionAudience
          ? { clientAssertionAudience: options.clientAssertionAudience as (typeof CLIENT_ASSERTION_AUDIENCES)[number] }
          : {}),
      });
    }
    const report = await diagnoseIssuer({ issuer, profile });
    const exitCode = report.discoveryFailure
      ? EXIT_CODES.UNAVAILABLE
      : report.verdict === 'fail' || push?.outcome === 'refused'
        ? EXIT_CODES.CHECK_FAILED
        : EXIT_CODES.OK;
    return { exitCode, data: { ...report, ...(push ? { push } : {}) }, text: table(report, push) };
  },
};
