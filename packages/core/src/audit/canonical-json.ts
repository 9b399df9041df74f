/**
 * The canonical serialization the audit chain hashes: JSON with object keys sorted by UTF-16 code units,
 * no whitespace, `undefined` members omitted. For the values audit records hold (strings, finite numbers,
 * booleans, null, arrays, plain objects) this is the JSON Canonicalization Scheme of RFC 8785: ECMAScript's
 * own number and string serialization, which JCS adopts. Anything else (NaN, Infinity, a function, a
 * bigint) is refused, so a record can never hash differently on another machine.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8785
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: numbers must be finite');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, member]) => member !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
  }
}
