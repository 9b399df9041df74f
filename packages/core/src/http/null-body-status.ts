/** Statuses a `Response` has no body with (Fetch standard, "null body status"): one cannot be built with one. */
export const NULL_BODY_STATUS: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);
