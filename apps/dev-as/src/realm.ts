/**
 * Jest (ESM, vm modules) evaluates code in a vm context but exposes Node's outer-realm `structuredClone`, so clones
 * carry the outer realm's Object/Array. oidc-provider clones static client metadata with it and then checks
 * `value.constructor === Object`, which fails: every client is rejected with "client JSON Web Key Set is invalid".
 *
 * When (and only when) that mismatch is detected, this wraps `structuredClone` so clones are rebuilt from this
 * realm's Object/Array. Plain Node never has the mismatch, so this is a no-op outside such test runners.
 */
export function ensureRealmLocalStructuredClone(): void {
  const native = globalThis.structuredClone;
  if (native({}).constructor === Object) return;

  const relocalize = (value: unknown): unknown => {
    // Array.from, not .map: .map would build the result with the outer realm's Array species.
    if (Array.isArray(value)) return Array.from(value as unknown[], relocalize);
    if (value !== null && typeof value === 'object') {
      const proto = Object.getPrototypeOf(value) as object | null;
      // A plain object from either realm has some realm's Object.prototype (whose own prototype is null).
      if (proto !== null && Object.getPrototypeOf(proto) === null) {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, relocalize(item)]));
      }
    }
    return value; // Dates, Maps, Buffers, ...: left as the native clone made them.
  };

  globalThis.structuredClone = ((value: unknown, options?: StructuredSerializeOptions) =>
    relocalize(native(value, options))) as typeof structuredClone;
}
