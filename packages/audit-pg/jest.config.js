import { preset } from '../../jest.preset.js';
export default { displayName: 'audit-pg', ...preset(import.meta.dirname) };
