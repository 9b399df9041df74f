import { Option } from 'commander';
import { matchesFilter, recordsToCsv, recordsToJsonLines, type AuditFilter, type AuditRecord } from '@signet/core';
import { CliError } from '../lib/cli-error.js';
import type { SignetCommand } from '../lib/command.js';
import { EXIT_CODES } from '../lib/exit-codes.js';
import { auditSource, guarded } from '../lib/audit-source.js';

function time(value: unknown, option: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(String(value));
  if (!/^\d{4}-\d{2}-\d{2}/.test(String(value)) || Number.isNaN(date.getTime()))
    throw new CliError(
      EXIT_CODES.USAGE,
      'ERR_CLI_USAGE',
      `${option} must be an ISO 8601 time, e.g. 2026-01-31T00:00:00Z`,
    );
  return date;
}

/** `signet audit export FILE | --pg URL [--since ...] --format jsonl|csv`: the records, filtered, to stdout. */
export const auditExport: SignetCommand = {
  path: 'audit export',
  summary: 'Export audit records (filtered by time, subject, client, outcome, code) as JSON lines or CSV',
  configure: (command) =>
    command
      .argument('[file]', 'the JSON-lines log (SIGNET_AUDIT_FILE)')
      .option('--pg <url>', 'read the chain from PostgreSQL instead (SIGNET_AUDIT_PG_URL)')
      .option('--chain <name>', 'chain name in PostgreSQL (default "default")')
      .option('--table <name>', 'table in PostgreSQL (default signet_audit_log)')
      .option('--since <time>', 'records at or after this ISO 8601 time')
      .option('--until <time>', 'records before this ISO 8601 time')
      .option('--subject <sub>', 'records of this subject')
      .option('--client <client_id>', 'records of this client')
      .addOption(new Option('--outcome <outcome>', 'verified or refused').choices(['verified', 'refused']))
      .option('--code <code>', 'records with this reason code')
      .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'csv']).default('jsonl')),
  async run({ args, options }) {
    const filter: AuditFilter = {};
    const since = time(options['since'], '--since');
    const until = time(options['until'], '--until');
    if (since) filter.since = since;
    if (until) filter.until = until;
    if (options['subject']) filter.subject = options['subject'] as string;
    if (options['client']) filter.clientId = options['client'] as string;
    if (options['outcome']) filter.outcome = options['outcome'] as 'verified' | 'refused';
    if (options['code']) filter.code = options['code'] as string;
    const source = await auditSource(args[0], options);
    const records: AuditRecord[] = [];
    let position = 0;
    for await (const line of guarded(source)) {
      position++;
      if (line.trim() === '') continue;
      let record: AuditRecord;
      try {
        record = JSON.parse(line) as AuditRecord;
      } catch {
        throw new CliError(
          EXIT_CODES.INPUT,
          'ERR_CLI_INPUT_INVALID',
          `line ${position} is not an audit record (run audit verify)`,
        );
      }
      if (matchesFilter(record, filter)) records.push(record);
    }
    const text = options['format'] === 'csv' ? recordsToCsv(records) : recordsToJsonLines(records);
    return { exitCode: EXIT_CODES.OK, data: records, text: text.replace(/\r?\n$/, '') };
  },
};
