import { preset } from '../../jest.preset.js';
// Each test starts the CLI as a child process (twice, some): under a loaded machine that is more than 5 s.
export default { displayName: 'cli', ...preset(import.meta.dirname), testTimeout: 30_000 };
