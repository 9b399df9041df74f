import { preset } from '../../jest.preset.js';
export default { displayName: 'redis-store', ...preset(import.meta.dirname) };
