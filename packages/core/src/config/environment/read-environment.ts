import { SignetError } from '../../errors/signet-error.js';
import { SIGNET_ENVIRONMENT } from './environment-table.js';
import type { EnvironmentOption, EnvironmentValues, EnvironmentVariable } from './environment-variable.js';
import { clientVariablePrefix, environmentError, parseVariable } from './parse-variable.js';

/** What the environment set, and which variable set each option. */
export interface EnvironmentReading {
  /** Only the options whose variable is set: defaults stay with the code that applies them. */
  values: Partial<EnvironmentValues>;
  /** Option → the variable that set it (`signingKeys` → `SIGNET_SIGNING_KEY_FILE`). */
  provenance: Partial<Record<EnvironmentOption, string>>;
  /**
   * With `SIGNET_CLIENTS`: each named client's own reading, by name, in the order given: its `SIGNET_<NAME>_*`
   * variables, and the plain ones it inherits (`provenance` says which set each option).
   */
  clients?: Record<string, EnvironmentReading>;
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

/** Reads `rows` (grouped by option): at most one variable per option, required ones enforced. */
function readRows(
  env: Record<string, string | undefined>,
  rows: readonly EnvironmentVariable[],
  only?: readonly EnvironmentOption[],
): EnvironmentReading {
  const values: Record<string, unknown> = {};
  const provenance: Partial<Record<EnvironmentOption, string>> = {};
  const byOption = new Map<EnvironmentOption, EnvironmentVariable[]>();
  for (const row of rows) {
    if (only && !only.includes(row.option)) continue;
    byOption.set(row.option, [...(byOption.get(row.option) ?? []), row]);
  }
  for (const [option, group] of byOption) {
    const given = group.flatMap((row) => {
      const value = text(env, row.name);
      return value === undefined ? [] : [{ row, value }];
    });
    if (given.length > 1)
      throw environmentError(given[0]!.row.name, `and ${given[1]!.row.name} are both set. Fix: keep one of them`);
    const chosen = given[0];
    if (!chosen) {
      if (group[0]!.required && !only) missing(group);
      continue;
    }
    values[option] = parseVariable(chosen.row, chosen.value);
    provenance[option] = chosen.row.name;
  }
  return { values: values as Partial<EnvironmentValues>, provenance };
}

/** A client's own form of a per-client row: `SIGNET_ISSUER` → `SIGNET_BANKA_ISSUER`. */
function ownRow(row: EnvironmentVariable, prefix: string): EnvironmentVariable {
  return { ...row, name: prefix + row.name.slice('SIGNET_'.length) };
}

/** A refusal about one client's variables, naming the client first (`clients.bankA: SIGNET_BANKA_ISSUER ...`). */
function aboutClient(name: string, err: unknown): unknown {
  if (!(err instanceof SignetError)) return err;
  return new SignetError(err.code, `clients.${name}: ${err.message}`, {
    ...(err.field ? { field: err.field } : {}),
    cause: err,
  });
}

/** The name of the unnamed client the plain variables configure beside named ones. */
const DEFAULT_CLIENT = 'default';

/**
 * Named clients: the app's rows once (with the plain client variables, when any is set, as the unnamed client,
 * all of them then required as without named clients), then each client's own and inherited per-client rows.
 */
function readNamedClients(
  env: Record<string, string | undefined>,
  names: string[],
  only?: readonly EnvironmentOption[],
): EnvironmentReading {
  // The plain client variables, when given, are the app's unnamed client (`default`) beside the named ones.
  const unnamed = SIGNET_ENVIRONMENT.some((row) => row.perClient === 'own' && text(env, row.name) !== undefined);
  if (unnamed && names.includes(DEFAULT_CLIENT)) {
    const namesRow = SIGNET_ENVIRONMENT.find((row) => row.option === 'clients')!;
    throw environmentError(
      namesRow.name,
      `names "${DEFAULT_CLIENT}", which SIGNET_ISSUER, SIGNET_CLIENT_ID and SIGNET_REDIRECT_URI configure already. Fix: rename that client`,
    );
  }
  const appRows = unnamed
    ? SIGNET_ENVIRONMENT
    : SIGNET_ENVIRONMENT.filter((row) => row.perClient !== 'own').map((row) =>
        row.perClient ? { ...row, required: false } : row,
      );
  const app = readRows(env, appRows, only);
  if (only && !only.some((option) => SIGNET_ENVIRONMENT.some((row) => row.option === option && row.perClient)))
    return app;
  const perClient = SIGNET_ENVIRONMENT.filter((row) => row.perClient);
  const clients: Record<string, EnvironmentReading> = {};
  for (const name of names) {
    try {
      const rows = perClient.map((row) => ownRow(row, clientVariablePrefix(name)));
      // Inherited rows may come from the plain variable: required only when neither is set.
      const own = readRows(
        env,
        rows.map((row) => (row.perClient === 'inherit' ? { ...row, required: false } : row)),
        only,
      );
      const values: Record<string, unknown> = {};
      const provenance: Partial<Record<EnvironmentOption, string>> = {};
      for (const row of perClient) {
        const option = row.option;
        if (option in values) continue;
        if (own.values[option] !== undefined) {
          values[option] = own.values[option];
          provenance[option] = own.provenance[option]!;
        } else if (app.values[option] !== undefined) {
          values[option] = app.values[option];
          provenance[option] = app.provenance[option]!;
        } else if (row.required && !only) missing(rows.filter((r) => r.option === option));
      }
      clients[name] = { values: values as Partial<EnvironmentValues>, provenance };
    } catch (err) {
      throw aboutClient(name, err);
    }
  }
  return { ...app, clients };
}

/**
 * Reads the environment once through the `SIGNET_ENVIRONMENT` table. Refusals name the variable and the fix;
 * values the code validates further (URLs, keys) keep their variable in `provenance`, so a later refusal can
 * name it too (`attributeToEnvironment`). With `SIGNET_CLIENTS=bankA,bankB`, each named client reads its own
 * `SIGNET_BANKA_*` form of the per-client rows (`clients` in the reading); the other plain client variables are
 * their defaults, and the plain `SIGNET_ISSUER`, `SIGNET_CLIENT_ID`, `SIGNET_REDIRECT_URI`, when set, configure the
 * app's unnamed client beside them (`values`, as without `SIGNET_CLIENTS`).
 *
 * @example
 * const { values, provenance } = readEnvironment(process.env);
 */
export function readEnvironment(
  env: Record<string, string | undefined> = process.env,
  options: ReadEnvironmentOptions = {},
): EnvironmentReading {
  const namesRow = SIGNET_ENVIRONMENT.find((row) => row.option === 'clients')!;
  const listed = text(env, namesRow.name);
  if (listed === undefined) return readRows(env, SIGNET_ENVIRONMENT, options.only);
  return readNamedClients(env, parseVariable(namesRow, listed) as string[], options.only);
}
