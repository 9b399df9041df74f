import { BadRequestException } from '@nestjs/common';
import type { AuditFilter } from '@signet/core';

/** The query string of /approvals and /approvals/export. */
export interface ApprovalQuery {
  subject?: string;
  client?: string;
  outcome?: string;
  code?: string;
  type?: string;
  since?: string;
  until?: string;
  limit?: string;
  format?: string;
}

/** The audit event types a filter may name. */
const EVENT_TYPES = [
  'authorization.request',
  'authorization.request.refused',
  'authorization.response',
  'policy.decision',
];

function refuse(message: string): never {
  throw new BadRequestException({ error: 'ERR_APPROVALS_FILTER_INVALID', message });
}

function text(value: unknown, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 200) refuse(`"${name}" must be given once, at most 200 characters`);
  return value;
}

function time(value: unknown, name: string): Date | undefined {
  const given = text(value, name);
  if (given === undefined) return undefined;
  const date = new Date(given);
  if (!/^\d{4}-\d{2}-\d{2}/.test(given) || Number.isNaN(date.getTime()))
    refuse(`"${name}" must be an ISO 8601 time, e.g. 2026-01-31T12:00:00Z`);
  return date;
}

/** Turns the query into core's filter; anything malformed is a 400 with `ERR_APPROVALS_FILTER_INVALID`. */
export function parseApprovalQuery(query: ApprovalQuery): {
  filter: AuditFilter;
  limit: number;
  format: 'jsonl' | 'csv';
} {
  const format = text(query.format, 'format') ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'csv') refuse('"format" must be jsonl or csv');
  const outcome = text(query.outcome, 'outcome');
  if (outcome !== undefined && outcome !== 'verified' && outcome !== 'refused')
    refuse('"outcome" must be verified or refused');
  const type = text(query.type, 'type');
  if (type !== undefined && !EVENT_TYPES.includes(type)) refuse(`"type" must be one of ${EVENT_TYPES.join(', ')}`);
  const limitText = text(query.limit, 'limit') ?? '200';
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > 5000) refuse('"limit" must be a whole number from 1 to 5000');
  const filter: AuditFilter = {};
  const set = <K extends keyof AuditFilter>(key: K, value: AuditFilter[K] | undefined) => {
    if (value !== undefined) filter[key] = value;
  };
  set('subject', text(query.subject, 'subject'));
  set('clientId', text(query.client, 'client'));
  set('outcome', outcome as AuditFilter['outcome']);
  set('code', text(query.code, 'code'));
  set('type', type);
  set('since', time(query.since, 'since'));
  set('until', time(query.until, 'until'));
  return { filter, limit, format };
}
