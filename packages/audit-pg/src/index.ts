// @signet/audit-pg: Signet's durable audit log in PostgreSQL. Every export is listed by name.
export { PgAuditLog, createPgAuditLog } from './pg-audit-log.js';
export type { PgAuditLogOptions } from './pg-audit-log.js';
export { readPgChainLines } from './read-pg-chain.js';
export type { ReadPgChainOptions } from './read-pg-chain.js';
export { DEFAULT_TABLE } from './schema.js';
