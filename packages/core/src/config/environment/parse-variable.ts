import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';
import { SignetError } from '../../errors/signet-error.js';
import type { KeyMaterial } from '../client-options.js';
import { CookieSecrets } from '../cookie-secrets.js';
import type { EnvironmentVariable } from './environment-variable.js';

/** A refusal naming the variable and the fix: `SIGNET_X is "y". Fix: ...`. */
export function environmentError(variable: string, problem: string, cause?: unknown): SignetError {
  return new SignetError('ERR_CONFIG_INVALID', `${variable} ${problem}`, {
    field: variable,
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * A key given inline or by file. JWKS are split by `use` so one key-set file (like dev-as's `rp.json`) can feed
 * both the signing and the decryption variable.
 */
function parseKey(row: EnvironmentVariable, text: string, use: 'sig' | 'enc', file: boolean): KeyMaterial[] {
  if (file) {
    const path = text;
    try {
      text = readFileSync(path, 'utf8');
    } catch (cause) {
      throw environmentError(
        row.name,
        `names "${path}", which cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'}). Fix: point it at a readable JWK or PEM file`,
        cause,
      );
    }
  }
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return [trimmed];
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    // No cause: a JSON syntax error quotes the text around it, which is key material.
    throw environmentError(row.name, 'is not valid JSON. Fix: give a private JWK, a JWKS or a PKCS#8 PEM');
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys)) return [parsed as JWK];
  const chosen = (keys as JWK[]).filter((key) => (use === 'enc' ? key.use === 'enc' : key.use !== 'enc'));
  if (chosen.length === 0)
    throw environmentError(
      row.name,
      `holds a JWKS without a ${use === 'enc' ? 'decryption ("use":"enc")' : 'signing'} key. Fix: add one or point at another file`,
    );
  return chosen;
}

/** The text of the PEM file a variable names (core parses and checks the PEM itself, naming the variable). */
function readPemFile(row: EnvironmentVariable, path: string, holds: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw environmentError(
      row.name,
      `names "${path}", which cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'}). Fix: point it at a readable PEM ${holds} file`,
      cause,
    );
  }
  if (!text.includes('-----BEGIN '))
    throw environmentError(row.name, `names "${path}", which holds no PEM. Fix: give a PEM ${holds} file`);
  return text;
}

/** Client names: short identifiers, safe in a route, a log line and a variable name (core's `SignetClients` rule). */
const CLIENT_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** The variable prefix of a client's own variables: `bankA` → `SIGNET_BANKA_`. */
export function clientVariablePrefix(name: string): string {
  return `SIGNET_${name.toUpperCase().replace(/-/g, '_')}_`;
}

function parseNames(row: EnvironmentVariable, text: string, example: string): string[] {
  const names = text.split(',').map((name) => name.trim());
  const prefixes = new Map<string, string>();
  for (const name of names) {
    if (!CLIENT_NAME.test(name))
      throw environmentError(
        row.name,
        `holds "${name}", which is not a client name. Fix: comma-separated names, each a letter then letters, digits, "_" or "-", e.g. ${row.name}=${example}`,
      );
    const prefix = clientVariablePrefix(name);
    const other = prefixes.get(prefix);
    if (other !== undefined)
      throw environmentError(
        row.name,
        `names "${other}" and "${name}", which both read ${prefix}* variables. Fix: give each client a distinct name`,
      );
    prefixes.set(prefix, name);
  }
  return names;
}

/** Turns one variable's (trimmed, non-empty) text into its value, as its row's type says. */
export function parseVariable(row: EnvironmentVariable, text: string): unknown {
  const type = row.type;
  switch (type.kind) {
    case 'string':
    case 'url':
      return text;
    case 'enum':
      if (type.caseInsensitive) text = text.toLowerCase();
      if (!type.values.includes(text))
        throw environmentError(row.name, `is "${text}". Fix: use one of ${type.values.join(', ')}`);
      return type.map && text in type.map ? type.map[text] : text;
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw environmentError(row.name, `is "${text}". Fix: use true or false`);
      return text === 'true';
    case 'integer': {
      const value = Number(text);
      if (!/^\d+$/.test(text) || value < type.min || value > type.max)
        throw environmentError(
          row.name,
          `is "${text}". Fix: give a whole number of ${type.unit} between ${type.min} and ${type.max}`,
        );
      return value;
    }
    case 'secrets':
      // Its refusals name the variable already (`SIGNET_COOKIE_SECRET: secret 1 is ...`).
      return CookieSecrets.from(text, row.name);
    case 'key':
      return parseKey(row, text, type.use, type.file);
    case 'pem-file':
      return readPemFile(row, text, type.holds);
    case 'names':
      return parseNames(row, text, type.example);
  }
}
