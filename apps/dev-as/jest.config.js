import { preset } from '../../jest.preset.js';
export default { displayName: 'dev-as', ...preset(import.meta.dirname) };
