import { SignetError } from '@signet/core';
import { createSampleApp } from './bootstrap.js';
import { sampleSettings } from './sample-env.js';

async function main(): Promise<void> {
  const settings = sampleSettings(process.env);
  const app = await createSampleApp(process.env, { logger: ['error', 'warn'] });
  await app.listen(settings.port, settings.host);
  const url = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${settings.port}/`;
  console.log(`sample-rp (${settings.platform}) listening on ${url}`);
}

main().catch((err: unknown) => {
  // A configuration error names the variable and the fix; its stack would only bury that line.
  const message = err instanceof SignetError || err instanceof Error ? err.message : String(err);
  console.error(`sample-rp: cannot start: ${message}`);
  process.exit(1);
});
