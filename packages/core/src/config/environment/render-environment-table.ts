import { SIGNET_ENVIRONMENT } from './environment-table.js';
import type { EnvironmentVariable } from './environment-variable.js';

/** The README's "default" cell of a row: the default, `required`, or `unset`. */
export function documentedDefault(row: EnvironmentVariable, rows = SIGNET_ENVIRONMENT): string {
  if (row.default !== undefined) return `\`${row.default}\``;
  const alternatives = rows.filter((other) => other.option === row.option);
  if (!row.required) return 'unset';
  if (alternatives.length === 1) return 'required';
  return alternatives[0] === row ? 'one of the two is required' : '';
}

/**
 * The environment table as Markdown (`| variable | default | meaning |`), unpadded: prettier pads it. The
 * package README holds it verbatim; its test says which rows differ.
 */
export function renderEnvironmentTable(rows: readonly EnvironmentVariable[] = SIGNET_ENVIRONMENT): string {
  const lines = ['| variable | default | meaning |', '| --- | --- | --- |'];
  for (const row of rows) lines.push(`| \`${row.name}\` | ${documentedDefault(row, rows)} | ${row.description} |`);
  return lines.join('\n');
}
