import { SIGNET_ENVIRONMENT } from './environment-table.js';
import type { EnvironmentOption, EnvironmentValues, EnvironmentVariable } from './environment-variable.js';
import { environmentError, parseVariable } from './parse-variable.js';

/** What the environment set, and which variable set each option. */
export interface EnvironmentReading {
  /** Only the options whose variable is set: defaults stay with the code that applies them. */
  values: Partial<EnvironmentValues>;
  /** Option → the variable that set it (`signingKeys` → `SIGNET_SIGNING_KEY_FILE`). */
  provenance: Partial<Record<EnvironmentOption, string>>;
}

export interface ReadEnvironmentOptions {
  /** Read only these options (e.g. the store choice); required rows outside it are not enforced. */
  only?: readonly EnvironmentOption[];
}

/** Unset and empty both mean "not given": an empty `SIGNET_SCOPE=` in a .env file should not be a scope. */
function text(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function missing(rows: EnvironmentVariable[]): never {
  const [first, second] = rows;
  const type = first!.type;
  const example = type.kind === 'string' || type.kind === 'url' ? type.example : '$(openssl rand -base64 32)';
  if (second && type.kind === 'key')
    throw environmentError(
      first!.name,
      `is not set. Fix: set ${first!.name} to a private JWK (JSON), or ${second.name} to a JWK or PEM file`,
    );
  throw environmentError(first!.name, `is not set. Fix: set ${first!.name}, for example ${first!.name}=${example}`);
}

/**
 * Reads the environment once through the `SIGNET_ENVIRONMENT` table. Refusals name the variable and the fix;
 * values the code validates further (URLs, keys) keep their variable in `provenance`, so a later refusal can
 * name it too (`attributeToEnvironment`).
 *
 * @example
 * const { values, provenance } = readEnvironment(process.env);
 */
export function readEnvironment(
  env: Record<string, string | undefined> = process.env,
  options: ReadEnvironmentOptions = {},
): EnvironmentReading {
  const values: Record<string, unknown> = {};
  const provenance: Partial<Record<EnvironmentOption, string>> = {};
  const byOption = new Map<EnvironmentOption, EnvironmentVariable[]>();
  for (const row of SIGNET_ENVIRONMENT) {
    if (options.only && !options.only.includes(row.option)) continue;
    byOption.set(row.option, [...(byOption.get(row.option) ?? []), row]);
  }
  for (const [option, rows] of byOption) {
    const given = rows.flatMap((row) => {
      const value = text(env, row.name);
      return value === undefined ? [] : [{ row, value }];
    });
    if (given.length > 1)
      throw environmentError(given[0]!.row.name, `and ${given[1]!.row.name} are both set. Fix: keep one of them`);
    const chosen = given[0];
    if (!chosen) {
      if (rows[0]!.required && !options.only) missing(rows);
      continue;
    }
    values[option] = parseVariable(chosen.row, chosen.value);
    provenance[option] = chosen.row.name;
  }
  return { values: values as Partial<EnvironmentValues>, provenance };
}
