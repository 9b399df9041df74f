// Every verb of `signet`. Registering a command is one line here: export its `SignetCommand` from its own file.
export { keysGenerate } from './keys-generate.js';
export { jwks } from './jwks.js';
export { doctor } from './doctor.js';
export { inspect } from './inspect.js';
export { auditVerify } from './audit-verify.js';
export { auditExport } from './audit-export.js';
export { evidenceOpen } from './evidence-open.js';
