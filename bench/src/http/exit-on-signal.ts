// Preloaded (node --import) into an app process under `--profile`: exit normally on SIGTERM, so that
// `node --cpu-prof` writes its profile (it does not on a signal death or after Nest's own signal handling).
process.once('SIGTERM', () => process.exit(0));
