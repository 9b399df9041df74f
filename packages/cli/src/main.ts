#!/usr/bin/env node
// The `signet` executable: every exit status is one of EXIT_CODES (see the README).
import { run } from './cli.js';

process.exitCode = await run(process.argv.slice(2));
