import { openEvidence, type AuditRecord, type Evidence } from '@signet/core';
import type { JWK } from 'jose';
import { CliError } from '../lib/cli-error.js';
import type { SignetCommand } from '../lib/command.js';
import { EXIT_CODES } from '../lib/exit-codes.js';
import { readInput } from '../lib/read-input.js';

const COMPACT_JWE = /^[\w-]+\.[\w-]*\.[\w-]+\.[\w-]+\.[\w-]+$/;

/** The sealed evidence in the input: one compact JWE, or every `evidence` of a JSON-lines audit log. */
function sealedIn(text: string, jti: string | undefined): Array<{ seq?: number; jwe: string }> {
  const trimmed = text.trim();
  if (COMPACT_JWE.test(trimmed)) return [{ jwe: trimmed }];
  const found: Array<{ seq?: number; jwe: string }> = [];
  for (const [i, line] of trimmed.split('\n').entries()) {
    if (line.trim() === '') continue;
    let record: AuditRecord;
    try {
      record = JSON.parse(line) as AuditRecord;
    } catch {
      throw new CliError(
        EXIT_CODES.INPUT,
        'ERR_CLI_INPUT_INVALID',
        `line ${i + 1} is neither a compact JWE nor an audit record`,
      );
    }
    const event = record.event as { evidence?: string; jti?: string };
    if (event.evidence && (jti === undefined || event.jti === jti))
      found.push({ seq: record.seq, jwe: event.evidence });
  }
  return found;
}

/** `signet evidence open INPUT --key FILE`: the auditor opens sealed evidence (request object, response JWS, AS key). */
export const evidenceOpen: SignetCommand = {
  path: 'evidence open',
  summary: "Open sealed login evidence with the auditor's private key (a JWE, or every record of an audit log)",
  configure: (command) =>
    command
      .argument('<input>', 'a compact JWE, or an audit log file (JSON lines); - for stdin')
      .requiredOption('--key <file>', "the auditor's private JWK (the pair of SIGNET_AUDIT_EVIDENCE_KEY)")
      .option('--jti <jti>', 'only the evidence of this request object jti'),
  async run({ args, options }) {
    const input = args[0] as string;
    const text = COMPACT_JWE.test(input) ? input : await readInput(input);
    let key: JWK;
    try {
      key = JSON.parse(await readInput(options['key'] as string)) as JWK;
    } catch (cause) {
      if (cause instanceof CliError) throw cause;
      throw new CliError(EXIT_CODES.INPUT, 'ERR_CLI_INPUT_INVALID', `"${String(options['key'])}" is not a JWK`);
    }
    const sealed = sealedIn(text, options['jti'] as string | undefined);
    const opened: Array<Evidence & { seq?: number }> = [];
    for (const { seq, jwe } of sealed) {
      try {
        opened.push({ ...(seq !== undefined ? { seq } : {}), ...(await openEvidence(jwe, key)) });
      } catch (cause) {
        throw new CliError(
          EXIT_CODES.INPUT,
          'ERR_CLI_EVIDENCE_UNOPENED',
          `evidence${seq !== undefined ? ` of record ${seq}` : ''} does not open with this key (another auditor key, or altered)`,
          { cause },
        );
      }
    }
    return { exitCode: EXIT_CODES.OK, data: opened, text: opened.map((e) => JSON.stringify(e)).join('\n') };
  },
};
