import { preset } from '../../jest.preset.js';
export default { displayName: 'cli', ...preset(import.meta.dirname) };
