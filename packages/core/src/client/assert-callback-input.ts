import { SignetError } from '../errors/signet-error.js';
import type { CallbackInput } from '../jarm/callback-input.js';

const DELIVERIES: ReadonlyArray<CallbackInput['delivery']> = ['query', 'form_post', 'fragment'];
/** Deeper than any parser (qs included) nests a form: beyond it, or in a cycle, the input is not a form. */
const MAX_DEPTH = 5;
const MAX_VALUES = 1000;

function invalid(problem: string, cause?: unknown): SignetError {
  return new SignetError('ERR_CALLBACK_INPUT_INVALID', `the callback input ${problem}`, {
    expected: '{ delivery: "query" | "form_post" | "fragment", params: URLSearchParams | plain object of strings }',
    ...(cause === undefined ? {} : { cause }),
  });
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Copies a parsed form value into plain data, refusing what no HTTP parser makes (BigInt, functions, cycles). */
function copy(value: unknown, depth: number, budget: { left: number }): unknown {
  if (--budget.left < 0) throw invalid('holds too many values');
  if (value === null || value === undefined || typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'object') throw invalid(`holds a ${typeof value}, which no HTTP parser makes`);
  if (depth >= MAX_DEPTH) throw invalid('is nested too deep (or circular)');
  if (Array.isArray(value)) return value.map((item) => copy(item, depth + 1, budget));
  if (!isPlainObject(value)) throw invalid('holds an object that is not plain data');
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key], depth + 1, budget);
  return out;
}

/**
 * Checks the shape of `callback()`'s input before anything else and returns a plain-data copy of it, so no later
 * step meets a getter, a BigInt or a cycle: those are `ERR_CALLBACK_INPUT_INVALID`, not an unexpected failure.
 */
export function assertCallbackInput(input: unknown): CallbackInput {
  try {
    if (typeof input !== 'object' || input === null) throw invalid('is not an object');
    const { delivery, params } = input as Record<string, unknown>;
    if (typeof delivery !== 'string' || !DELIVERIES.includes(delivery as CallbackInput['delivery']))
      throw invalid('names no known delivery channel');
    if (params instanceof URLSearchParams) {
      return { delivery: delivery as CallbackInput['delivery'], params: new URLSearchParams(params) };
    }
    if (typeof params !== 'object' || params === null || Array.isArray(params) || !isPlainObject(params))
      throw invalid('carries no parameters (URLSearchParams or a plain object)');
    const copied = copy(params, 0, { left: MAX_VALUES }) as Record<string, unknown>;
    return { delivery: delivery as CallbackInput['delivery'], params: copied };
  } catch (err) {
    if (err instanceof SignetError) throw err;
    // A throwing getter or proxy trap: the input is not data.
    throw invalid('could not be read', err);
  }
}
