import { preset } from '../../jest.preset.js';
export default { displayName: 'testing', ...preset(import.meta.dirname) };
