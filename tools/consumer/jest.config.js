import { preset } from '../../jest.preset.js';
export default { displayName: 'consumer', ...preset(import.meta.dirname) };
