import { preset } from '../../jest.preset.js';
export default { displayName: 'core', ...preset(import.meta.dirname) };
