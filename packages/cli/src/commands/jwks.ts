import { Option } from 'commander';
import type { JWK } from 'jose';
import { importDecryptionKey, importSigningKey } from '@signet/core';
import { CliError } from '../lib/cli-error.js';
import type { SignetCommand } from '../lib/command.js';
import { EXIT_CODES } from '../lib/exit-codes.js';
import { readInput } from '../lib/read-input.js';

const ENCRYPTION_ALGS = ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A256KW', 'RSA-OAEP-256'];

/** The private keys a file holds: one JWK, a JWKS, or one PKCS#8 PEM. */
function keysIn(text: string, file: string): Array<JWK | string> {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return [trimmed];
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      // No cause: the parser's message quotes the text around the error, which is key material.
      throw new CliError(EXIT_CODES.INPUT, 'ERR_CLI_INPUT_INVALID', `"${file}" is not valid JSON`);
    }
    const keys = (parsed as { keys?: unknown }).keys;
    if (Array.isArray(keys)) return keys as JWK[];
    return [parsed as JWK];
  }
  throw new CliError(EXIT_CODES.INPUT, 'ERR_CLI_INPUT_INVALID', `"${file}" holds neither a JWK, a JWKS nor a PEM`);
}

/** `signet jwks FILE`: the public JWKS to publish (or register) for the private keys of FILE. */
export const jwks: SignetCommand = {
  path: 'jwks',
  summary: 'Print the public JWKS of a private key file (JWK, JWKS or PKCS#8 PEM; - for stdin)',
  configure: (command) =>
    command
      .argument('<file>', 'private key file')
      .option('--alg <alg>', 'algorithm of a key that names none (a PEM): ES256, PS256, EdDSA, ECDH-ES, RSA-OAEP-256')
      .addOption(new Option('--use <use>', 'use of a key that names none (default sig)').choices(['sig', 'enc']))
      .option('--kid <kid>', 'key ID of a key that names none (default: its RFC 7638 thumbprint)'),
  async run({ args, options }) {
    const file = args[0] as string;
    const material = keysIn(await readInput(file), file);
    if (material.length === 0) {
      throw new CliError(EXIT_CODES.INPUT, 'ERR_CLI_INPUT_INVALID', `"${file}" holds an empty JWKS`);
    }
    const keys: JWK[] = [];
    for (const [index, key] of material.entries()) {
      const jwk = typeof key === 'string' ? undefined : key;
      const alg = jwk?.alg ?? (options.alg as string | undefined);
      const use =
        jwk?.use ?? (options.use as string | undefined) ?? (alg && ENCRYPTION_ALGS.includes(alg) ? 'enc' : 'sig');
      const kid = jwk?.kid ?? (options.kid as string | undefined);
      const field = material.length > 1 ? `${file} keys[${index}]` : file;
      const input = { key, ...(alg ? { alg } : {}), ...(kid ? { kid } : {}) };
      keys.push(
        use === 'enc'
          ? (await importDecryptionKey(input, field)).publicJwk
          : (await importSigningKey(input, field)).publicJwk,
      );
    }
    const set = { keys };
    return { exitCode: EXIT_CODES.OK, data: set, text: JSON.stringify(set, null, 2) };
  },
};
