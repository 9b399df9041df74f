import { preset } from '../../jest.preset.js';
export default { displayName: 'sample-rp', ...preset(import.meta.dirname) };
