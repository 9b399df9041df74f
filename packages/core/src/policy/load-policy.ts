import { readFile } from 'node:fs/promises';
import { SignetError } from '../errors/signet-error.js';
import type { PolicyDocument } from './policy.js';
import { validatePolicy } from './validate-policy.js';

/**
 * Reads `SIGNET_POLICY_FILE`: JSON (`.json`) or YAML (anything else) through the `yaml` package (YAML 1.2,
 * no custom tags, no code execution), then validates it. Refusals name the file and the fix.
 */
export async function loadPolicyFile(path: string): Promise<PolicyDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new SignetError(
      'ERR_CONFIG_INVALID',
      `SIGNET_POLICY_FILE names "${path}", which cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'})`,
      { field: 'SIGNET_POLICY_FILE', cause },
    );
  }
  let parsed: unknown;
  try {
    if (path.endsWith('.json')) parsed = JSON.parse(text);
    else {
      const { parse } = await import('yaml');
      parsed = parse(text, { maxAliasCount: 100 });
    }
  } catch (cause) {
    throw new SignetError(
      'ERR_CONFIG_INVALID',
      `SIGNET_POLICY_FILE "${path}" is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(cause as Error).message}`,
      { field: 'SIGNET_POLICY_FILE', cause },
    );
  }
  return validatePolicy(parsed, path);
}
