// Runs the TypeScript sources directly (`node --conditions=@signet/source --import ./tools/ts-loader/register.mjs
// file.ts`): tests start the CLI and apps as child processes without a build step. Test and development use only;
// published packages run their compiled dist/.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
