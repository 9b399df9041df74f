import { preset } from '../../jest.preset.js';
export default { displayName: 'passport', ...preset(import.meta.dirname) };
