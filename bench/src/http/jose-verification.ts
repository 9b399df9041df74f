import { register } from 'node:module';

// Preloaded (node --import) into the "memory, jose verify" app of the route suite: the A side of an A/B of
// core's pinned node:crypto JARM verification (jarm/pinned-verifier.js answers "no pinned key", so every
// response goes through jose's compactVerify as before issue 15). Measurement only: the shipped code is unchanged.
register(new URL('./jose-verification-hooks.js', import.meta.url));
