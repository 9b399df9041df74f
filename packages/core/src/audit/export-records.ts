import type { AuditRecord } from './audit-record.js';
import { canonicalJson } from './canonical-json.js';

/** Which records to keep: every field given must match. */
export interface AuditFilter {
  /** Records whose event time is at or after this. */
  since?: Date;
  /** Records whose event time is before this. */
  until?: Date;
  subject?: string;
  clientId?: string;
  outcome?: 'verified' | 'refused';
  code?: string;
  type?: string;
}

/** True when the record passes every condition of the filter. */
export function matchesFilter(record: AuditRecord, filter: AuditFilter): boolean {
  const event = record.event as unknown as Record<string, unknown>;
  const time = Date.parse(String(event['time']));
  if (filter.since && !(time >= filter.since.getTime())) return false;
  if (filter.until && !(time < filter.until.getTime())) return false;
  if (filter.subject !== undefined && event['subject'] !== filter.subject) return false;
  if (filter.clientId !== undefined && event['clientId'] !== filter.clientId) return false;
  if (filter.outcome !== undefined && event['outcome'] !== filter.outcome) return false;
  if (filter.code !== undefined && event['code'] !== filter.code) return false;
  if (filter.type !== undefined && event['type'] !== filter.type) return false;
  return true;
}

/** The columns of the CSV export, in order. */
export const CSV_COLUMNS = [
  'seq',
  'time',
  'instance',
  'type',
  'clientId',
  'subject',
  'outcome',
  'code',
  'error',
  'scope',
  'jti',
  'delivery',
  'stateHash',
  'relaxations',
] as const;

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = Array.isArray(value) ? value.join(' ') : String(value);
  // A cell a spreadsheet would run as a formula is defused (OWASP CSV injection).
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV row per record (RFC 4180, CRLF), header first; evidence is left out (it belongs to the auditor). */
export function recordsToCsv(records: Iterable<AuditRecord>): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const record of records) {
    const event = record.event as unknown as Record<string, unknown>;
    const values: Record<string, unknown> = { ...event, seq: record.seq, instance: record.instance };
    rows.push(CSV_COLUMNS.map((column) => cell(values[column])).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** The records as JSON lines, each in its canonical form (a whole, unfiltered export verifies with `verifyChain`). */
export function recordsToJsonLines(records: Iterable<AuditRecord>): string {
  let text = '';
  for (const record of records) text += `${canonicalJson(record)}\n`;
  return text;
}
